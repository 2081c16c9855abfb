// Destinations: where alerts are delivered. Lists them, sends a test alert to one, deletes one;
// adding and editing are the editor's.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../components/format';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { urls } from '../../urls';
import { DestinationsTable } from './DestinationsTable';
import { TestAlertResults, useSendTestAlert } from './parts';
import { deleteDestinationMutation, destinationKeys, destinationsQuery, type DestinationRow, type TestResult } from './queries';

function AddButton() {
  return (
    <Button component={Link} to={urls.newDestination()} leftSection={<IconPlus size={16} />}>
      Add destination
    </Button>
  );
}

export default function DestinationsPage() {
  const list = useApiQuery(destinationKeys.list, destinationsQuery);
  const [deleting, setDeleting] = useState<DestinationRow | null>(null);
  const [tested, setTested] = useState<{ destination: DestinationRow; results: TestResult[] } | null>(null);
  const sendTest = useSendTestAlert();
  const remove = useApiMutation(deleteDestinationMutation, [destinationKeys.list, destinationKeys.one], {
    onSuccess: (_, { input }) => {
      const name = list.data?.destinations.find((d) => d.outputId === input.outputId)?.displayName ?? 'The destination';
      notifications.show({ color: 'green', title: 'Destination deleted', message: `${name} no longer receives alerts.` });
      setDeleting(null);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'The destination was not deleted', message: errorMessage(error) }),
  });

  function test(destination: DestinationRow) {
    sendTest.mutate(
      { input: { outputIds: [destination.outputId] } },
      { onSuccess: ({ sendTestAlert }) => setTested({ destination, results: sendTestAlert }) },
    );
  }

  const destinations = list.data?.destinations ?? [];
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Where Panther delivers alerts: each destination receives the alerts of the severities it is the default for, and those of the rules that name it."
        // The empty state has its own button; one is enough.
        actions={list.isSuccess && destinations.length === 0 ? undefined : <AddButton />}
      />
      {list.isPending ? (
        <Loading label="Loading destinations…" />
      ) : list.isError ? (
        <ErrorState title="The destinations could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
      ) : destinations.length === 0 ? (
        <EmptyState title="No destinations yet" action={<AddButton />}>
          Alerts are delivered to destinations: Slack, PagerDuty, Jira, Microsoft Teams, Opsgenie, GitHub, Asana, Amazon SQS or
          SNS, or a webhook of yours. Add one so that alerts reach your team.
        </EmptyState>
      ) : (
        <DestinationsTable
          destinations={destinations}
          testing={sendTest.isPending ? (sendTest.variables?.input.outputIds[0] ?? null) : null}
          onTest={test}
          onDelete={setDeleting}
        />
      )}

      <Modal opened={deleting != null} onClose={() => setDeleting(null)} title={`Delete ${deleting?.displayName ?? ''}?`}>
        <Stack>
          <Text size="sm">
            Alerts will no longer be delivered to {deleting?.displayName}. Rules that name only this destination fall back to
            the destinations of their alerts' severity. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate({ input: { outputId: deleting.outputId } })}
            >
              Delete destination
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={tested != null} onClose={() => setTested(null)} title={`Test alert to ${tested?.destination.displayName ?? ''}`}>
        {tested && (
          <Stack>
            <TestAlertResults
              results={tested.results}
              name={(id) => destinations.find((d) => d.outputId === id)?.displayName ?? id}
            />
            <Group justify="flex-end">
              <Button onClick={() => setTested(null)}>Close</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
