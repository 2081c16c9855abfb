// The events that matched, as pretty-printed JSON, a page at a time.
import { Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { EmptyState, ErrorState } from '../../components/states';
import { formatCount } from './labels';

/** An event as indented JSON. AppSync sends AWSJSON as a string of JSON; a fake may send the object. */
export function prettyEvent(event: unknown): string {
  if (typeof event === 'string') {
    try {
      return JSON.stringify(JSON.parse(event), null, 2);
    } catch {
      return event;
    }
  }
  return JSON.stringify(event, null, 2);
}

interface Props {
  events: unknown[];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMoreError: Error | null;
  onLoadMore: () => void;
}

export function AlertEvents({ events, total, hasMore, loadingMore, loadMoreError, onLoadMore }: Props) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="alert-events-title">
      <Title order={2} size="h3" id="alert-events-title">
        Events
      </Title>
      {events.length === 0 ? (
        <EmptyState title="No events to show">
          The events of this alert are no longer stored, or have not been written yet: check the rule's log sources
          and the data retention of the processed-data bucket.
        </EmptyState>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Showing {formatCount(events.length)} of {formatCount(Math.max(total, events.length))} events
          </Text>
          {events.map((event, i) => (
            <Paper key={i} withBorder p={0} aria-label={`Event ${i + 1}`} role="group">
              <Code block style={{ maxHeight: 400, overflow: 'auto' }}>
                {prettyEvent(event)}
              </Code>
            </Paper>
          ))}
        </>
      )}
      {loadMoreError && <ErrorState title="More events could not be loaded" error={loadMoreError} onRetry={onLoadMore} />}
      {hasMore && (
        <Group>
          <Button variant="default" onClick={onLoadMore} loading={loadingMore}>
            Load more events
          </Button>
        </Group>
      )}
    </Stack>
  );
}
