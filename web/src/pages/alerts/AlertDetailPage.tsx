// One alert: what it is, its status, the events that matched (a page at a time, "Load more
// events" reads the next with the API's events key) and its delivery history.
import { Button, Stack } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { useRequest } from '../../graphql/api';
import { urls } from '../../urls';
import { AlertDetailsCard } from './AlertDetailsCard';
import { AlertEvents } from './AlertEvents';
import { AlertStatusControl } from './AlertStatusControl';
import { DeliveryHistory } from './DeliveryHistory';
import { getAlert, keys } from './queries';

export const EVENTS_PAGE_SIZE = 25;

/** The alerts API answers a missing alert with "alert <id> does not exist". */
function isNotFound(error: unknown): boolean {
  return error instanceof Error && /does not exist|not found/i.test(error.message);
}

export default function AlertDetailPage() {
  const { id = '' } = useParams();
  const request = useRequest();
  const query = useInfiniteQuery({
    queryKey: keys.alert(id),
    queryFn: ({ pageParam }) =>
      request(getAlert, { input: { alertId: id, eventsPageSize: EVENTS_PAGE_SIZE, ...(pageParam ? { eventsExclusiveStartKey: pageParam } : {}) } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.alert.eventsLastEvaluatedKey ?? undefined,
    // A missing alert stays missing: say so at once rather than after retries.
    retry: (count, error) => !isNotFound(error) && count < 2,
  });

  if (query.isPending) return <Loading label="Loading the alert…" />;
  // A failed "Load more events" also puts the query in error, with the pages read so far kept:
  // only a failure without any page is the page's error.
  if (!query.data) {
    if (isNotFound(query.error)) {
      return (
        <EmptyState
          title="This alert does not exist"
          action={
            <Button component={Link} to={urls.alerts()} variant="light">
              Back to alerts
            </Button>
          }
        >
          It may have been removed, or the link is wrong.
        </EmptyState>
      );
    }
    return <ErrorState title="The alert could not be loaded" error={query.error} onRetry={() => void query.refetch()} />;
  }

  const pages = query.data.pages;
  const alert = pages[0].alert.alert;
  const events = pages.flatMap((p) => p.alert.events);
  return (
    <Stack gap="xl">
      <div>
        <PageHeader title={alert.title} actions={<AlertStatusControl alertId={alert.alertId} status={alert.status} />} />
        <AlertDetailsCard alert={alert} />
      </div>
      <AlertEvents
        events={events}
        total={alert.eventsMatched}
        hasMore={query.hasNextPage}
        loadingMore={query.isFetchingNextPage}
        loadMoreError={query.isFetchNextPageError ? query.error : null}
        onLoadMore={() => void query.fetchNextPage()}
      />
      <DeliveryHistory alertId={alert.alertId} responses={alert.deliveryResponses} destinations={alert.destinations} />
    </Stack>
  );
}
