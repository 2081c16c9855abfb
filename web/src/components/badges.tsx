import { Badge } from '@mantine/core';
import type { AlertStatus, Severity } from '../graphql/schema';

const severityColors: Record<Severity, string> = {
  INFO: 'gray',
  LOW: 'blue',
  MEDIUM: 'yellow',
  HIGH: 'orange',
  CRITICAL: 'red',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge color={severityColors[severity] ?? 'gray'} variant="filled" aria-label={`Severity ${severity}`}>
      {severity}
    </Badge>
  );
}

const statusColors: Record<AlertStatus, string> = {
  OPEN: 'red',
  TRIAGED: 'yellow',
  CLOSED: 'gray',
  RESOLVED: 'green',
};

export function StatusBadge({ status }: { status: AlertStatus }) {
  return (
    <Badge color={statusColors[status] ?? 'gray'} variant="light" aria-label={`Status ${status}`}>
      {status}
    </Badge>
  );
}
