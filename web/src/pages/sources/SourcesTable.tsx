// The log sources as a table: one row per S3 source, with its prefixes and log types, its
// health and when it last delivered an event, and the actions on it.
import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../../graphql/api';
import { formatDateTime } from '../../components/format';
import { urls } from '../../urls';
import { getS3LogIntegrationHealth, keys, type Health, type S3Source } from './sourcesApi';

export function failingChecks(health: Health): number {
  return Object.values(health).filter((item) => item && !item.healthy).length;
}

/** The row's health: the API has no stored status, so each row runs the check. */
function HealthCell({ source }: { source: S3Source }) {
  const query = useApiQuery(keys.health, getS3LogIntegrationHealth, { input: { integrationId: source.integrationId } });
  if (query.isPending) return <Text size="sm" c="dimmed">Checking…</Text>;
  if (query.isError) {
    return (
      <Badge color="gray" variant="light" title={query.error.message}>
        Unknown
      </Badge>
    );
  }
  const failing = failingChecks(query.data.getS3LogIntegrationHealth);
  return failing === 0 ? (
    <Badge color="green" variant="light">Healthy</Badge>
  ) : (
    <Badge color="red" variant="light">{failing === 1 ? '1 check failing' : `${failing} checks failing`}</Badge>
  );
}

function PrefixList({ source }: { source: S3Source }) {
  return (
    <Stack gap={4}>
      {(source.s3PrefixLogTypes ?? []).map((p) => (
        <Text size="sm" key={p.prefix}>
          <Text span c="dimmed" size="sm">
            {p.prefix === '' ? 'whole bucket' : p.prefix}
            {': '}
          </Text>
          {p.logTypes.join(', ')}
        </Text>
      ))}
    </Stack>
  );
}

export function SourcesTable({
  sources,
  onCheckHealth,
  onDelete,
}: {
  sources: S3Source[];
  onCheckHealth: (source: S3Source) => void;
  onDelete: (source: S3Source) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Log sources">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Bucket</Table.Th>
            <Table.Th scope="col">Log types</Table.Th>
            <Table.Th scope="col">Health</Table.Th>
            <Table.Th scope="col">Last event</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sources.map((source) => (
            <Table.Tr key={source.integrationId}>
              <Table.Td>
                <Anchor component={Link} to={urls.editS3Source(source.integrationId)} fw={500}>
                  {source.integrationLabel}
                </Anchor>
                <Text size="xs" c="dimmed">
                  Created {formatDateTime(source.createdAtTime)}
                </Text>
              </Table.Td>
              <Table.Td>Amazon S3</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {source.s3Bucket}
                </Text>
                {source.awsAccountId && (
                  <Text size="xs" c="dimmed">
                    Account {source.awsAccountId}
                  </Text>
                )}
                {source.kmsKey && (
                  <Text size="xs" c="dimmed">
                    Encrypted with a KMS key
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <PrefixList source={source} />
              </Table.Td>
              <Table.Td>
                <HealthCell source={source} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{source.lastEventReceived ? formatDateTime(source.lastEventReceived) : 'No events yet'}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    component={Link}
                    to={urls.editS3Source(source.integrationId)}
                    size="xs"
                    variant="default"
                    aria-label={`Edit ${source.integrationLabel}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => onCheckHealth(source)}
                    aria-label={`Check health of ${source.integrationLabel}`}
                  >
                    Check health
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => onDelete(source)}
                    aria-label={`Delete ${source.integrationLabel}`}
                  >
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
