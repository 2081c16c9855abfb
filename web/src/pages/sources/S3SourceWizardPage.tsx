// The S3 log source wizard, for a new source and for editing one: configure, review and
// save, then set up the user's account and check the source's health.
import { Stepper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { config } from '../../config';
import { ErrorState, Loading, PageHeader } from '../../components/states';
import { errorMessage } from '../../components/format';
import { emptyS3Form, s3FormFromSource, toAddInput, toUpdateInput, updateS3Form, validateS3Form, type S3FormValues } from './s3Form';
import { S3ConfigStep } from './S3ConfigStep';
import { S3ReviewStep } from './S3ReviewStep';
import { S3SetupStep } from './S3SetupStep';
import { addS3LogIntegration, getS3LogIntegration, keys, updateS3LogIntegration, type S3Source } from './sourcesApi';

const invalidates = [keys.sources, keys.source, keys.health];

function Wizard({ title, initial, integrationId }: { title: string; initial: S3FormValues; integrationId?: string }) {
  const [values, setValues] = useState(initial);
  const [active, setActive] = useState(0);
  const [showErrors, setShowErrors] = useState(false);
  const [saved, setSaved] = useState<S3Source | null>(null);
  // Once created, the source is edited: going back and saving again updates it.
  const id = integrationId ?? saved?.integrationId;
  const editing = id !== undefined;
  const errors = validateS3Form(values, { editing });

  const onSaved = (source: S3Source, verb: string) => {
    notifications.show({ color: 'green', title: `Log source ${verb}`, message: `${source.integrationLabel} is saved.` });
    setSaved(source);
    setActive(2);
  };
  const onFailed = (error: Error) =>
    notifications.show({ color: 'red', title: 'The log source was not saved', message: errorMessage(error) });
  const add = useApiMutation(addS3LogIntegration, invalidates, {
    onSuccess: (data) => onSaved(data.addS3LogIntegration, 'created'),
    onError: onFailed,
  });
  const update = useApiMutation(updateS3LogIntegration, invalidates, {
    onSuccess: (data) => onSaved(data.updateS3LogIntegration, 'saved'),
    onError: onFailed,
  });
  const saving = add.isPending || update.isPending;

  function next() {
    if (Object.keys(errors).length > 0) {
      setShowErrors(true);
      return;
    }
    add.reset();
    update.reset();
    setActive(1);
  }

  function save() {
    if (id) update.mutate({ input: toUpdateInput(id, values) });
    else add.mutate({ input: toAddInput(values) });
  }

  return (
    <>
      <PageHeader
        title={title}
        description="Panther reads the logs of an S3 bucket: say where they are and what they are, then let Panther in."
      />
      <Stepper active={active} onStepClick={setActive} allowNextStepsSelect={false}>
        <Stepper.Step label="Configure" description="Bucket and log types">
          <S3ConfigStep
            values={values}
            errors={errors}
            showErrors={showErrors}
            editing={editing}
            onChange={(change) => setValues((v) => updateS3Form(v, change, config().region))}
            onNext={next}
          />
        </Stepper.Step>
        <Stepper.Step label="Review" description={editing ? 'Save the changes' : 'Create the source'}>
          <S3ReviewStep
            values={values}
            editing={editing}
            saving={saving}
            error={add.error ?? update.error}
            onBack={() => setActive(0)}
            onSave={save}
          />
        </Stepper.Step>
        <Stepper.Step label="Set up" description="Your AWS account">
          {saved && <S3SetupStep source={saved} />}
        </Stepper.Step>
      </Stepper>
    </>
  );
}

export default function S3SourceWizardPage() {
  const { id } = useParams();
  const query = useApiQuery(keys.source, getS3LogIntegration, { input: { integrationId: id ?? '' } }, { enabled: id !== undefined });
  if (id === undefined) return <Wizard title="Add an S3 log source" initial={emptyS3Form()} />;
  if (query.isPending) return <Loading label="Loading the log source…" />;
  if (query.isError) {
    return (
      <>
        <PageHeader title="Edit log source" />
        <ErrorState title="The log source could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const source = query.data.getS3LogIntegration;
  // Keyed by the source, so moving to another source's edit page starts afresh.
  return <Wizard key={id} title={`Edit ${source.integrationLabel}`} initial={s3FormFromSource(source)} integrationId={id} />;
}
