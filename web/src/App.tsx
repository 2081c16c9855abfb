// The routes. Every page but sign-in is its own chunk, loaded on first visit, so the first
// load stays within its budget.
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session';
import { Loading } from './components/states';
import { AppLayout } from './layout/AppLayout';
import SignInPage from './pages/auth/SignInPage';
import { urls } from './urls';

const ForgotPasswordPage = lazy(() => import('./pages/auth/ForgotPasswordPage'));
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage'));
const AlertDetailPage = lazy(() => import('./pages/alerts/AlertDetailPage'));
const DetectionsPage = lazy(() => import('./pages/detections/DetectionsPage'));
const RuleEditorPage = lazy(() => import('./pages/detections/RuleEditorPage'));
const BulkUploadPage = lazy(() => import('./pages/detections/BulkUploadPage'));
const LogSourcesPage = lazy(() => import('./pages/sources/LogSourcesPage'));
const S3SourceWizardPage = lazy(() => import('./pages/sources/S3SourceWizardPage'));
const CustomLogsPage = lazy(() => import('./pages/sources/CustomLogsPage'));
const CustomLogEditorPage = lazy(() => import('./pages/sources/CustomLogEditorPage'));
const DestinationsPage = lazy(() => import('./pages/destinations/DestinationsPage'));
const DestinationEditorPage = lazy(() => import('./pages/destinations/DestinationEditorPage'));
const GeneralSettingsPage = lazy(() => import('./pages/settings/GeneralSettingsPage'));
const UsersPage = lazy(() => import('./pages/settings/UsersPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

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
        <Route path="/password-forgot/" element={<AnonymousOnly><ForgotPasswordPage /></AnonymousOnly>} />
        <Route element={<RequireSignIn><AppLayout /></RequireSignIn>}>
          <Route index element={<Navigate to={urls.overview()} replace />} />
          <Route path="/log-analysis/overview/" element={<OverviewPage />} />
          <Route path="/log-analysis/alerts/" element={<AlertsPage />} />
          <Route path="/log-analysis/alerts/:id/" element={<AlertDetailPage />} />
          <Route path="/log-analysis/custom-logs/" element={<CustomLogsPage />} />
          <Route path="/log-analysis/custom-logs/new/" element={<CustomLogEditorPage />} />
          <Route path="/log-analysis/custom-logs/:logType/" element={<CustomLogEditorPage />} />
          <Route path="/detections/" element={<DetectionsPage />} />
          <Route path="/detections/new/" element={<RuleEditorPage />} />
          <Route path="/detections/rules/:id/" element={<RuleEditorPage />} />
          <Route path="/detections/rules/:id/edit/" element={<RuleEditorPage />} />
          <Route path="/settings/bulk-uploader/" element={<BulkUploadPage />} />
          <Route path="/integrations/log-sources/" element={<LogSourcesPage />} />
          <Route path="/integrations/log-sources/new/s3/" element={<S3SourceWizardPage />} />
          <Route path="/integrations/log-sources/s3/:id/edit/" element={<S3SourceWizardPage />} />
          <Route path="/integrations/destinations/" element={<DestinationsPage />} />
          <Route path="/integrations/destinations/new/" element={<DestinationEditorPage />} />
          <Route path="/integrations/destinations/:id/edit/" element={<DestinationEditorPage />} />
          <Route path="/settings/general/" element={<GeneralSettingsPage />} />
          <Route path="/settings/users/" element={<UsersPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
