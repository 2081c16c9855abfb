// The result of a source's health check: each thing Panther tried (assume the role, reach
// the bucket, use the KMS key, ...) with whether it worked and, if not, why. Used by the
// list's "Check health" dialog and the wizard's last step.
import { Badge, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useApiQuery } from '../../graphql/api';
import { ErrorState, Loading } from '../../components/states';
import { getS3LogIntegrationHealth, keys, type Health, type HealthItem } from './sourcesApi';

/** The checks in the order the API runs them; the last two are absent until it runs them. */
const checks: { key: keyof Health; name: string }[] = [
  { key: 'processingRoleStatus', name: 'Log processing role' },
  { key: 's3BucketStatus', name: 'S3 bucket' },
  { key: 'kmsKeyStatus', name: 'KMS key' },
  { key: 'getObjectStatus', name: 'Reading objects' },
  { key: 'bucketNotificationsStatus', name: 'Bucket notifications' },
];

export function HealthItems({ health }: { health: Health }) {
  const present = checks.flatMap(({ key, name }) => {
    const item: HealthItem | null = health[key];
    return item ? [{ key, name, item }] : [];
  });
  const failing = present.filter((c) => !c.item.healthy).length;
  return (
    <Stack gap="sm">
      <Text fw={600} role="status">
        {failing === 0 ? 'Every check passed.' : `${failing} of ${present.length} checks failed.`}
      </Text>
      <List spacing="sm" listStyleType="none" aria-label="Health checks">
        {present.map(({ key, name, item }) => (
          <List.Item key={key} aria-label={`${name}: ${item.healthy ? 'ok' : 'failing'}`}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              {item.healthy ? (
                <IconCircleCheck color="var(--mantine-color-green-6)" aria-hidden />
              ) : (
                <IconCircleX color="var(--mantine-color-red-6)" aria-hidden />
              )}
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={500}>{name}</Text>
                  <Badge color={item.healthy ? 'green' : 'red'} variant="light">
                    {item.healthy ? 'ok' : 'failing'}
                  </Badge>
                </Group>
                <Text size="sm">{item.message}</Text>
                {item.rawErrorMessage && (
                  <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {item.rawErrorMessage}
                  </Code>
                )}
              </Stack>
            </Group>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** Runs the health check of a source when shown, with a button to run it again. */
export function HealthReport({ integrationId }: { integrationId: string }) {
  const query = useApiQuery(keys.health, getS3LogIntegrationHealth, { input: { integrationId } }, {
    // A check is about now: never answer from the cache.
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
  });
  if (query.isPending) return <Loading label="Checking the source's health…" />;
  if (query.isError) {
    return <ErrorState title="The health check failed" error={query.error} onRetry={() => void query.refetch()} />;
  }
  return (
    <Stack>
      <HealthItems health={query.data.getS3LogIntegrationHealth} />
      <Group>
        <Button variant="light" onClick={() => void query.refetch()} loading={query.isFetching}>
          Check again
        </Button>
      </Group>
    </Stack>
  );
}
