// The alert list's filters live in the URL's query string, so that a link, a bookmark or a
// reload shows the same list. This module is the one place that reads them from the URL,
// writes them back, and turns them into the API's ListAlertsInput.
import {
  alertStatusValues,
  alertTypeValues,
  severityValues,
  type AlertStatus,
  type AlertType,
  type ListAlertsInput,
  type Severity,
  type SortDirection,
} from '../../graphql/schema';

export interface AlertFilters {
  status: AlertStatus[];
  severity: Severity[];
  types: AlertType[];
  logTypes: string[];
  /** ISO 8601 instants, or '' for no bound. */
  createdAfter: string;
  createdBefore: string;
  /** Text the title contains; '' for any. */
  title: string;
  sortDir: SortDirection;
  pageSize: number;
}

/** What the list shows when the URL names no status: the alerts that still need someone. */
export const DEFAULT_STATUSES: AlertStatus[] = ['OPEN', 'TRIAGED'];

/** ListAlertsInput's pageSize is at most 50 (schema.graphql). */
export const PAGE_SIZES = [25, 50] as const;
export const DEFAULT_PAGE_SIZE = 50;

// The query-string keys; the list ones end in [] as the original app's links do
// (status[]=OPEN&status[]=TRIAGED), so its bookmarks keep working.
export const PARAM = {
  status: 'status[]',
  severity: 'severity[]',
  types: 'types[]',
  logTypes: 'logTypes[]',
  createdAfter: 'createdAtAfter',
  createdBefore: 'createdAtBefore',
  title: 'nameContains',
  sortDir: 'sortDir',
  pageSize: 'pageSize',
} as const satisfies Record<keyof AlertFilters, string>;

function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function instant(value: string | null): string {
  if (!value) return '';
  return Number.isNaN(new Date(value).getTime()) ? '' : value;
}

/** The filters a query string holds; unknown values are dropped rather than sent to the API. */
export function parseFilters(params: URLSearchParams): AlertFilters {
  // No status key at all means the default; a status key whose values are all empty means the
  // user cleared the filter and wants every status.
  const status = params.has(PARAM.status) ? oneOf(alertStatusValues, params.getAll(PARAM.status)) : [...DEFAULT_STATUSES];
  const pageSize = Number(params.get(PARAM.pageSize));
  return {
    status,
    severity: oneOf(severityValues, params.getAll(PARAM.severity)),
    types: oneOf(alertTypeValues, params.getAll(PARAM.types)),
    logTypes: params.getAll(PARAM.logTypes).filter(Boolean),
    createdAfter: instant(params.get(PARAM.createdAfter)),
    createdBefore: instant(params.get(PARAM.createdBefore)),
    title: params.get(PARAM.title) ?? '',
    sortDir: params.get(PARAM.sortDir) === 'ascending' ? 'ascending' : 'descending',
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** The query string with one filter changed; other parameters are kept as they are. */
export function withFilter<K extends keyof AlertFilters>(params: URLSearchParams, key: K, value: AlertFilters[K]): URLSearchParams {
  const next = new URLSearchParams(params);
  const name = PARAM[key];
  next.delete(name);
  if (Array.isArray(value)) {
    if (value.length) value.forEach((v) => next.append(name, v));
    // An empty status list is kept as "status[]=" so that it does not fall back to the default.
    else if (key === 'status') next.append(name, '');
  } else if (value !== '' && value != null) {
    next.set(name, String(value));
  }
  return next;
}

/** The API's input for one page of the filtered list. */
export function listAlertsInput(filters: AlertFilters, exclusiveStartKey?: string | null): ListAlertsInput {
  const input: ListAlertsInput = { sortDir: filters.sortDir, pageSize: filters.pageSize };
  if (filters.status.length) input.status = filters.status;
  if (filters.severity.length) input.severity = filters.severity;
  if (filters.types.length) input.types = filters.types;
  if (filters.logTypes.length) input.logTypes = filters.logTypes;
  if (filters.createdAfter) input.createdAtAfter = new Date(filters.createdAfter).toISOString();
  if (filters.createdBefore) input.createdAtBefore = new Date(filters.createdBefore).toISOString();
  const title = filters.title.trim();
  if (title) input.nameContains = title;
  if (exclusiveStartKey) input.exclusiveStartKey = exclusiveStartKey;
  return input;
}

/** Why the time range cannot match anything, or null. */
export function rangeError(filters: AlertFilters): string | null {
  if (filters.createdAfter && filters.createdBefore && new Date(filters.createdAfter) >= new Date(filters.createdBefore)) {
    return 'Created after must be earlier than Created before: change one of them.';
  }
  return null;
}

// <input type="datetime-local"> speaks the user's local wall-clock time without a zone
// ("2024-05-01T09:30"); the URL and the API speak instants. These convert between the two.

/** A datetime-local value as an ISO instant; '' stays ''. */
export function localToIso(local: string): string {
  if (!local) return '';
  const date = new Date(local); // a date-time without an offset is local time
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** An ISO instant as a datetime-local value in the user's zone; '' stays ''. */
export function isoToLocal(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
