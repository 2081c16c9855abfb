// Adds a destination (/integrations/destinations/new/) or edits one (…/:id/edit/). Saving goes
// back to the list; an edited destination can also be sent a test alert.
import { Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../components/format';
import { ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { urls } from '../../urls';
import { DestinationForm } from './DestinationForm';
import { newFormState, storedFormState, type DestinationInput } from './form';
import { TestAlertResults, useSendTestAlert } from './parts';
import { addDestinationMutation, destinationKeys, destinationQuery, updateDestinationMutation, type TestResult } from './queries';

function BackLink() {
  return (
    <Anchor component={Link} to={urls.destinations()} size="sm">
      Back to destinations
    </Anchor>
  );
}

export default function DestinationEditorPage() {
  const { id } = useParams();
  return id ? <EditDestination id={id} /> : <AddDestination />;
}

function useSaved(verb: string) {
  const navigate = useNavigate();
  return {
    onSuccess: (_: unknown, { input }: { input: Pick<DestinationInput, 'displayName'> }) => {
      notifications.show({ color: 'green', title: `Destination ${verb}`, message: `${input.displayName} is ${verb}.` });
      navigate(urls.destinations());
    },
    onError: (error: Error) => notifications.show({ color: 'red', title: 'The destination was not saved', message: errorMessage(error) }),
  };
}

function AddDestination() {
  const add = useApiMutation(addDestinationMutation, [destinationKeys.list], useSaved('added'));
  return (
    <>
      <PageHeader title="Add a destination" description="Choose where alerts go, then which alerts go there." actions={<BackLink />} />
      <DestinationForm
        initial={newFormState()}
        editing={false}
        saving={add.isPending}
        saveError={add.error}
        onSubmit={(input) => add.mutate({ input })}
      />
    </>
  );
}

function EditDestination({ id }: { id: string }) {
  const query = useApiQuery(destinationKeys.one, destinationQuery, { input: { outputId: id } });
  const update = useApiMutation(updateDestinationMutation, [destinationKeys.list, destinationKeys.one], useSaved('saved'));
  const sendTest = useSendTestAlert();
  const [results, setResults] = useState<TestResult[] | null>(null);

  if (query.isPending) return <Loading label="Loading the destination…" />;
  if (query.isError) {
    return (
      <>
        <PageHeader title="Edit destination" actions={<BackLink />} />
        <ErrorState title="The destination could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const destination = query.data.destination;
  return (
    <>
      <PageHeader title={`Edit ${destination.displayName}`} actions={<BackLink />} />
      <Stack gap="xl">
        <DestinationForm
          // A refetch after saving starts the form from what was stored.
          key={JSON.stringify(destination)}
          initial={storedFormState(destination)}
          editing
          saving={update.isPending}
          saveError={update.error}
          onSubmit={(input) => update.mutate({ input: { outputId: id, ...input } })}
        />
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="test-alert-title">
          <Stack>
            <Title order={2} size="h4" id="test-alert-title">
              Test this destination
            </Title>
            <Text size="sm" c="dimmed">
              Sends a made-up alert with the saved settings: save your changes first to test them.
            </Text>
            <div>
              <Button
                variant="default"
                leftSection={<IconSend size={16} />}
                loading={sendTest.isPending}
                onClick={() =>
                  sendTest.mutate({ input: { outputIds: [id] } }, { onSuccess: ({ sendTestAlert }) => setResults(sendTestAlert) })
                }
              >
                Send test alert
              </Button>
            </div>
            {results && <TestAlertResults results={results} name={() => destination.displayName} />}
          </Stack>
        </Paper>
      </Stack>
    </>
  );
}
