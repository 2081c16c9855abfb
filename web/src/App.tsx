// The routes. Every page but sign-in is its own chunk, loaded on first visit, so the first
// load stays within its budget.
import { Suspense, type ReactNode } from 'react';
import { matchPath, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session';
import { Loading } from './components/states';
import { AppLayout } from './layout/AppLayout';
import { lazyPage, type LazyPage } from './routes/lazyPage';
import SignInPage from './pages/auth/SignInPage';
import { urls } from './urls';

const ForgotPasswordPage = lazyPage(() => import('./pages/auth/ForgotPasswordPage'));
const OverviewPage = lazyPage(() => import('./pages/overview/OverviewPage'));
const AlertsPage = lazyPage(() => import('./pages/alerts/AlertsPage'));
const AlertDetailPage = lazyPage(() => import('./pages/alerts/AlertDetailPage'));
const DetectionsPage = lazyPage(() => import('./pages/detections/DetectionsPage'));
const RuleEditorPage = lazyPage(() => import('./pages/detections/RuleEditorPage'));
const BulkUploadPage = lazyPage(() => import('./pages/detections/BulkUploadPage'));
const LogSourcesPage = lazyPage(() => import('./pages/sources/LogSourcesPage'));
const S3SourceWizardPage = lazyPage(() => import('./pages/sources/S3SourceWizardPage'));
const CustomLogsPage = lazyPage(() => import('./pages/sources/CustomLogsPage'));
const CustomLogEditorPage = lazyPage(() => import('./pages/sources/CustomLogEditorPage'));
const DestinationsPage = lazyPage(() => import('./pages/destinations/DestinationsPage'));
const DestinationEditorPage = lazyPage(() => import('./pages/destinations/DestinationEditorPage'));
const GeneralSettingsPage = lazyPage(() => import('./pages/settings/GeneralSettingsPage'));
const UsersPage = lazyPage(() => import('./pages/settings/UsersPage'));
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage'));

/** The signed-in pages by path: the routes, and what preloadPage looks up. */
const signedInPages: [string, LazyPage][] = [
  ['/log-analysis/overview/', OverviewPage],
  ['/log-analysis/alerts/', AlertsPage],
  ['/log-analysis/alerts/:id/', AlertDetailPage],
  ['/log-analysis/custom-logs/', CustomLogsPage],
  ['/log-analysis/custom-logs/new/', CustomLogEditorPage],
  ['/log-analysis/custom-logs/:logType/', CustomLogEditorPage],
  ['/detections/', DetectionsPage],
  ['/detections/new/', RuleEditorPage],
  ['/detections/rules/:id/', RuleEditorPage],
  ['/detections/rules/:id/edit/', RuleEditorPage],
  ['/settings/bulk-uploader/', BulkUploadPage],
  ['/integrations/log-sources/', LogSourcesPage],
  ['/integrations/log-sources/new/s3/', S3SourceWizardPage],
  ['/integrations/log-sources/s3/:id/edit/', S3SourceWizardPage],
  ['/integrations/destinations/', DestinationsPage],
  ['/integrations/destinations/new/', DestinationEditorPage],
  ['/integrations/destinations/:id/edit/', DestinationEditorPage],
  ['/settings/general/', GeneralSettingsPage],
  ['/settings/users/', UsersPage],
];

/**
 * Starts loading the chunk of the page at this path, if it has one (main.tsx, beside the
 * first render).
 */
export function preloadPage(pathname: string): Promise<unknown> {
  const match = signedInPages.find(([path]) => matchPath(path, pathname));
  return match ? match[1].preload() : Promise.resolve();
}

function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session.user) {
    return <Navigate to={urls.signIn()} replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}

function AnonymousOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  return session.user ? <Navigate to="/" replace /> : children;
}

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/sign-in/" element={<AnonymousOnly><SignInPage /></AnonymousOnly>} />
        <Route path="/password-forgot/" element={<AnonymousOnly><ForgotPasswordPage.Component /></AnonymousOnly>} />
        <Route element={<RequireSignIn><AppLayout /></RequireSignIn>}>
          <Route index element={<Navigate to={urls.overview()} replace />} />
          {signedInPages.map(([path, page]) => (
            <Route key={path} path={path} element={<page.Component />} />
          ))}
          <Route path="*" element={<NotFoundPage.Component />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
