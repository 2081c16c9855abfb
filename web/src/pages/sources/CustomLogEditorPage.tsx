// Creates a custom log type, or edits one: its name, description, reference and YAML schema.
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { ErrorState, Loading, PageHeader } from '../../components/states';
import { errorMessage } from '../../components/format';
import { urls } from '../../urls';
import { addCustomLog, customLogKeys, getCustomLog, updateCustomLog, type CustomLog } from './customLogsApi';
import { templateSchema, type CustomLogValues } from './customLogForm';
import { CustomLogForm } from './CustomLogForm';

const invalidates = [customLogKeys.list, customLogKeys.one, customLogKeys.available];

function optional(value: string): string | null {
  return value.trim() === '' ? null : value.trim();
}

function NewCustomLog() {
  const navigate = useNavigate();
  const add = useApiMutation(addCustomLog, invalidates, {
    onSuccess: (data) => {
      const logType = data.addCustomLog.logType;
      notifications.show({ color: 'green', title: 'Custom log type created', message: `${logType} can now be chosen for log sources.` });
      navigate(urls.customLog(logType), { replace: true });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'The custom log type was not created', message: errorMessage(error) }),
  });
  const save = (v: CustomLogValues) =>
    add.mutate({ input: { logType: v.name, description: optional(v.description), referenceURL: optional(v.referenceURL), logSpec: v.logSpec } });
  return (
    <>
      <PageHeader title="New custom log type" description="Describe your logs' fields in YAML; Panther parses them into a table of their own." />
      <CustomLogForm
        initial={{ name: '', description: '', referenceURL: '', logSpec: templateSchema('') }}
        editing={false}
        saving={add.isPending}
        error={add.error}
        onSave={save}
      />
    </>
  );
}

function EditCustomLog({ record }: { record: CustomLog }) {
  // The revision the next update replaces: the API refuses an update of a stale one.
  const [revision, setRevision] = useState(record.revision);
  const update = useApiMutation(updateCustomLog, invalidates, {
    onSuccess: (data) => {
      setRevision(data.updateCustomLog.revision);
      notifications.show({ color: 'green', title: 'Custom log type saved', message: `${data.updateCustomLog.logType} is at revision ${data.updateCustomLog.revision}.` });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'The custom log type was not saved', message: errorMessage(error) }),
  });
  const save = (v: CustomLogValues) =>
    update.mutate({
      input: { logType: record.logType, revision, description: optional(v.description), referenceURL: optional(v.referenceURL), logSpec: v.logSpec },
    });
  return (
    <>
      <PageHeader title={record.logType} description={`Revision ${revision}. Edit its description, reference or schema.`} />
      <CustomLogForm
        initial={{ name: record.logType, description: record.description ?? '', referenceURL: record.referenceURL ?? '', logSpec: record.logSpec }}
        editing
        saving={update.isPending}
        error={update.error}
        onSave={save}
      />
    </>
  );
}

export default function CustomLogEditorPage() {
  const { logType } = useParams();
  const query = useApiQuery(customLogKeys.one, getCustomLog, { input: { logType: logType ?? '' } }, { enabled: logType !== undefined });
  if (logType === undefined) return <NewCustomLog />;
  if (query.isPending) return <Loading label="Loading the custom log type…" />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={logType} />
        <ErrorState title="The custom log type could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  return <EditCustomLog key={logType} record={query.data.getCustomLog} />;
}
