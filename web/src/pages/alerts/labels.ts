// How alert enums read in the UI: the API's values are upper-case identifiers.
import type { AlertStatus, AlertType, Severity } from '../../graphql/schema';

export const statusLabels: Record<AlertStatus, string> = {
  OPEN: 'Open',
  TRIAGED: 'Triaged',
  CLOSED: 'Closed',
  RESOLVED: 'Resolved',
};

export const severityLabels: Record<Severity, string> = {
  INFO: 'Info',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};

export const typeLabels: Record<AlertType, string> = {
  RULE: 'Rule match',
  RULE_ERROR: 'Rule error',
  POLICY: 'Policy failure',
};

/** Options for a Select or MultiSelect over an enum. */
export function options<T extends string>(labels: Record<T, string>, values?: readonly T[]) {
  return (values ?? (Object.keys(labels) as T[])).map((value) => ({ value, label: labels[value] }));
}

// Intl formatters are costly to create; the alert list formats up to a page of times per
// render, so it shares one.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const integer = new Intl.NumberFormat();

/** A count with the locale's digit grouping. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A timestamp in the user's locale; '' when absent or unreadable. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

// Mantine keeps a closed Select's option list in the DOM, labelled by the field's label, so
// getByLabel('Status') would find two elements; unmounting it when closed leaves one.
export const comboboxProps = { keepMounted: false } as const;
