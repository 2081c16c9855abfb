// Where the alert was sent and how each attempt went, and "Retry delivery", which sends the
// stored alert again (deliverAlert) to the destinations whose last attempt failed, or to all
// of them when none failed.
import { Anchor, Badge, Button, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { errorMessage } from '../../components/format';
import { EmptyState } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import type { DeliveryResponse } from '../../graphql/schema';
import { urls } from '../../urls';
import { formatTime } from './labels';
import { deliverAlert, keys, listDestinationNames } from './queries';

const time = (r: DeliveryResponse) => Date.parse(r.dispatchedAt) || 0;

/** The destinations to send to again: those whose latest attempt failed, else every one. */
export function retryTargets(responses: DeliveryResponse[], destinations: string[]): string[] {
  const latest = new Map<string, DeliveryResponse>();
  for (const r of responses) {
    const seen = latest.get(r.outputId);
    if (!seen || time(seen) < time(r)) latest.set(r.outputId, r);
  }
  const failed = [...latest.values()].filter((r) => !r.success).map((r) => r.outputId);
  return failed.length ? failed : Array.from(new Set([...destinations, ...latest.keys()]));
}

export function DeliveryHistory({ alertId, responses, destinations }: { alertId: string; responses: DeliveryResponse[]; destinations: string[] }) {
  const names = useApiQuery(keys.destinationNames, listDestinationNames, undefined, { staleTime: 5 * 60_000 });
  const nameOf = (id: string) => names.data?.destinations.find((d) => d.outputId === id)?.displayName ?? id;
  const targets = retryTargets(responses, destinations);
  const mutation = useApiMutation(deliverAlert, [['alert', alertId]], {
    onSuccess: (data) => {
      const failed = data.deliverAlert.filter((r) => !r.success);
      if (failed.length === 0) {
        notifications.show({ color: 'green', title: 'Alert delivered', message: `Sent to ${data.deliverAlert.map((r) => nameOf(r.outputId)).join(', ')}.` });
      } else {
        notifications.show({
          color: 'red',
          title: 'Delivery failed',
          message: failed.map((r) => `${nameOf(r.outputId)}: ${r.message || `status ${r.statusCode}`}`).join('; '),
        });
      }
    },
    onError: (error) => notifications.show({ color: 'red', title: 'The alert was not delivered', message: errorMessage(error) }),
  });
  const rows = [...responses].sort((a, b) => time(b) - time(a));

  return (
    <Stack gap="sm" component="section" aria-labelledby="delivery-history-title">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id="delivery-history-title">
          Delivery history
        </Title>
        {targets.length > 0 && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              To {targets.map(nameOf).join(', ')}
            </Text>
            <Button variant="light" loading={mutation.isPending} onClick={() => mutation.mutate({ input: { alertId, outputIds: targets } })}>
              Retry delivery
            </Button>
          </Group>
        )}
      </Group>
      {rows.length === 0 ? (
        <EmptyState
          title="Not delivered yet"
          action={
            <Anchor component={Link} to={urls.destinations()}>
              Set up destinations
            </Anchor>
          }
        >
          {targets.length
            ? 'No delivery attempt is recorded for this alert yet: retry delivery to send it now.'
            : 'No destination takes alerts of this severity: add one, or make one the default for it.'}
        </EmptyState>
      ) : (
        <ScrollArea type="auto">
          <Table aria-label="Delivery history" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Destination</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Status code</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>Dispatched</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={`${r.outputId}-${r.dispatchedAt}-${i}`}>
                  <Table.Td>{nameOf(r.outputId)}</Table.Td>
                  <Table.Td>
                    <Badge color={r.success ? 'green' : 'red'} variant="light">
                      {r.success ? 'Delivered' : 'Failed'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.statusCode || '—'}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.message || '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(r.dispatchedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
