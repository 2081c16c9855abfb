// Starts the first requests of the page being opened while its code is still loading. A page's
// chunk is requested only once the app's own has run, and its queries only once it has
// rendered; without this, a reload of a list waits for the two one after the other.
import { useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect } from 'react';
import { useLocation } from 'react-router';
import { apiQueryKey, useRequest, type ApiQuery } from '../graphql/api';
import { alertsPageFirstQueries } from '../pages/alerts/firstQueries';
import { urls } from '../urls';

/** The pages whose first queries are known from the URL alone, by path. */
const firstQueries: Record<string, (search: URLSearchParams) => ApiQuery[]> = {
  [urls.alerts()]: alertsPageFirstQueries,
};

export function PrefetchPageData() {
  const { pathname, search } = useLocation();
  const request = useRequest();
  const client = useQueryClient();
  // A layout effect runs as soon as the frame is committed, before the page's chunk arrives.
  useLayoutEffect(() => {
    for (const q of firstQueries[pathname]?.(new URLSearchParams(search)) ?? []) {
      void client.prefetchQuery({ queryKey: apiQueryKey(q.key, q.variables), queryFn: () => request(q.op, q.variables) });
    }
  }, [pathname, search, request, client]);
  return null;
}
