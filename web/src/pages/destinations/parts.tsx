// Pieces both destination pages use: the names of severities and alert types, the test-alert
// results, and the hook that sends a test alert and reports it.
import { Alert, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { formatDateTime, errorMessage } from '../../components/format';
import { useApiMutation } from '../../graphql/api';
import { alertTypeValues, severityValues, type AlertType, type Severity } from '../../graphql/schema';
import { sendTestAlertMutation, type TestResult } from './queries';

// Labels that are not substrings of one another, so that a label finds one checkbox.
const alertTypeLabels: Record<AlertType, string> = {
  RULE: 'Rule matches',
  RULE_ERROR: 'Rule errors',
  POLICY: 'Policy failures',
};

const severityLabels: Record<Severity, string> = {
  INFO: 'Info',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};

export const alertTypeOptions = alertTypeValues.map((value) => ({ value, label: alertTypeLabels[value] ?? value }));
// Most severe first, as people read a severity list.
export const severityOptions = [...severityValues].reverse().map((value) => ({ value, label: severityLabels[value] ?? value }));

export function alertTypeLabel(type: AlertType): string {
  return alertTypeLabels[type] ?? type;
}

/** What each attempt of a test alert answered. */
export function TestAlertResults({ results, name }: { results: TestResult[]; name: (outputId: string) => string }) {
  if (results.length === 0) {
    return (
      <Alert color="yellow" title="Nothing was sent">
        The API sent the test alert to no destination: the destination may have been deleted. Reload the list and try again.
      </Alert>
    );
  }
  return (
    <Stack gap="xs" aria-live="polite">
      {results.map((r) => (
        <Alert
          key={r.outputId + r.dispatchedAt}
          color={r.success ? 'green' : 'red'}
          icon={r.success ? <IconCircleCheck /> : <IconCircleX />}
          title={r.success ? `Delivered to ${name(r.outputId)}` : `Failed to deliver to ${name(r.outputId)}`}
        >
          <Text size="sm">
            Status code {r.statusCode}
            {r.message ? `: ${r.message}` : ''}
          </Text>
          <Text size="xs" c="dimmed">
            Sent {formatDateTime(r.dispatchedAt)}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}

/** Sends a test alert to one destination; notifies of the outcome as well as returning it. */
export function useSendTestAlert() {
  return useApiMutation(sendTestAlertMutation, [], {
    onSuccess: ({ sendTestAlert: results }) => {
      const failed = results.filter((r) => !r.success).length;
      notifications.show(
        failed === 0 && results.length > 0
          ? { color: 'green', title: 'Test alert delivered', message: 'The destination accepted the test alert.' }
          : { color: 'red', title: 'Test alert not delivered', message: 'See the status code and message the destination answered.' },
      );
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The test alert was not sent', message: errorMessage(error) });
    },
  });
}
