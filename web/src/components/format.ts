// One formatter for the app: building an Intl formatter per call is slow in long lists.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as the user's locale shows date and time; '' stays ''. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateTime.format(date);
}

/** The message of an error, for a notification. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
