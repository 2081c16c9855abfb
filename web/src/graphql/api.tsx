// The app's access to the API: a Request in context, and react-query hooks over it.
import { createContext, useContext, type ReactNode } from 'react';
import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { Operation, Request } from './client';

const RequestContext = createContext<Request | null>(null);

export function ApiProvider({ request, children }: { request: Request; children: ReactNode }) {
  return <RequestContext.Provider value={request}>{children}</RequestContext.Provider>;
}

export function useRequest(): Request {
  const request = useContext(RequestContext);
  if (!request) throw new Error('useRequest outside ApiProvider');
  return request;
}

/**
 * The cache key of a query: the page's key and the variables. useApiQuery and the page-data
 * prefetch (layout/PrefetchPageData) both use it, so a prefetched request is the page's own.
 */
export function apiQueryKey(key: QueryKey, variables?: unknown): QueryKey {
  return [...key, variables ?? null];
}

/** A query a page makes, described so that it can also be started before the page loads. */
export interface ApiQuery<TData = unknown, TVars = unknown> {
  key: QueryKey;
  op: Operation<TData, TVars>;
  variables?: TVars;
}

/** Runs a query; its cache key is the operation's first name and the variables. */
export function useApiQuery<TData, TVars>(
  key: QueryKey,
  op: Operation<TData, TVars>,
  variables?: TVars,
  options?: Omit<UseQueryOptions<TData, Error>, 'queryKey' | 'queryFn'>,
) {
  const request = useRequest();
  return useQuery<TData, Error>({
    queryKey: apiQueryKey(key, variables),
    queryFn: () => request(op, variables),
    ...options,
  });
}

/** A mutation; invalidates the given query keys when it succeeds. */
export function useApiMutation<TData, TVars>(
  op: Operation<TData, TVars>,
  invalidates: QueryKey[] = [],
  options?: Omit<UseMutationOptions<TData, Error, TVars>, 'mutationFn'>,
) {
  const request = useRequest();
  const queryClient = useQueryClient();
  return useMutation<TData, Error, TVars>({
    mutationFn: (variables) => request(op, variables),
    ...options,
    onSuccess: async (data, variables, context, meta) => {
      await Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      await options?.onSuccess?.(data, variables, context, meta);
    },
  });
}
