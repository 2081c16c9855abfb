import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { createTheme, MantineProvider, MultiSelect, Select, TagsInput } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, useNavigate } from 'react-router';
import { App, preloadPage } from './App';
import { CognitoClient } from './auth/cognito';
import { SessionProvider, useSession } from './auth/session';
import { config, ConfigError } from './config';
import { ApiProvider } from './graphql/api';
import { ApiError, graphqlClient } from './graphql/client';
import { urls } from './urls';

// A closed dropdown's options leave the DOM: otherwise each one carries its field's label, so
// a field's label names two elements (for assistive technology and for the browser tests).
const closedDropdownsUnmount = { defaultProps: { comboboxProps: { keepMounted: false } } };

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  components: {
    Select: Select.extend(closedDropdownsUnmount),
    MultiSelect: MultiSelect.extend(closedDropdownsUnmount),
    TagsInput: TagsInput.extend(closedDropdownsUnmount),
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (count, error) => !(error instanceof ApiError && error.unauthorized) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Api({ children }: { children: ReactNode }) {
  const session = useSession();
  const navigate = useNavigate();
  const request = useMemo(
    () =>
      graphqlClient({
        endpoint: config().graphqlEndpoint,
        idToken: () => session.idToken(),
        onUnauthorized: () => navigate(urls.signIn()),
      }),
    [session, navigate],
  );
  return <ApiProvider request={request}>{children}</ApiProvider>;
}

function start() {
  const root = createRoot(document.getElementById('root')!);
  let cfg;
  try {
    cfg = config();
  } catch (e) {
    const message = e instanceof ConfigError ? e.message : String(e);
    root.render(<p role="alert">{message}</p>);
    return;
  }
  const cognito = new CognitoClient(cfg.cognitoEndpoint, cfg.userPoolClientId);
  // The page's chunk is fetched beside the app's first render rather than after it; a chunk
  // that fails to load is reported by the page's own render.
  preloadPage(window.location.pathname).catch(() => undefined);
  root.render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <SessionProvider client={cognito}>
            <BrowserRouter>
              <Api>
                <App />
              </Api>
            </BrowserRouter>
          </SessionProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}

start();
