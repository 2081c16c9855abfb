// Renders a page for a component test: Mantine, react-query, a router at a path, and an API
// answered by the test's function (a fake of the API's answers, not of the client).
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ApiProvider } from '../graphql/api';
import type { Operation } from '../graphql/client';
import { setConfig } from '../config';

export type Answer = (query: string, variables: Record<string, unknown>) => unknown;

export function renderPage(ui: ReactElement, { path = '/', route = '/', answer }: { path?: string; route?: string; answer: Answer }) {
  setConfig({
    region: 'us-east-1',
    accountId: '123456789012',
    graphqlEndpoint: 'http://127.0.0.1:1/graphql',
    userPoolId: 'us-east-1_test',
    userPoolClientId: 'client',
    cognitoEndpoint: 'http://127.0.0.1:1/',
    version: 'v0.0.0-test',
    commit: 'test',
  });
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const request = async <TData, TVars>(op: Operation<TData, TVars>, variables?: TVars): Promise<TData> => {
    const vars = (variables ?? {}) as Record<string, unknown>;
    calls.push({ query: op.query, variables: vars });
    return (await answer(op.query, vars)) as TData;
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <ApiProvider request={request}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={ui} />
            </Routes>
          </MemoryRouter>
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, calls };
}
