// The detections list's filters live in the URL query string, so a filtered list can be
// bookmarked, shared and restored with the back button. These functions are the one mapping
// between the query string, the form and the API's ListDetectionsInput.
import {
  detectionSortFieldValues,
  type DetectionSortField,
  type ListDetectionsInput,
  type Severity,
  type SortDirection,
} from '../../graphql/schema';

export const severities: Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
export const pageSizes = [25, 50, 100];

export interface DetectionFilters {
  nameContains: string;
  severity: Severity[];
  /** null: enabled and disabled alike. */
  enabled: boolean | null;
  logTypes: string[];
  tags: string[];
  sortBy: DetectionSortField;
  sortDir: SortDirection;
  page: number;
  pageSize: number;
}

// Most recently changed first: what someone coming back to the list usually looks for.
export const defaultFilters: DetectionFilters = {
  nameContains: '',
  severity: [],
  enabled: null,
  logTypes: [],
  tags: [],
  sortBy: 'lastModified',
  sortDir: 'descending',
  page: 1,
  pageSize: 25,
};

/** The values of a list parameter, written as repeated keys (severity=LOW&severity=HIGH); the
 * original app's bracketed form (severity[]=LOW) is read too, so its links keep working. */
function list(params: URLSearchParams, name: string): string[] {
  return [...params.getAll(name), ...params.getAll(`${name}[]`)].filter((v) => v !== '');
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** Reads the filters from a query string; values the API would reject are ignored. */
export function filtersFromSearch(params: URLSearchParams): DetectionFilters {
  const enabled = params.get('enabled');
  const sortBy = params.get('sortBy') as DetectionSortField | null;
  const sortDir = params.get('sortDir');
  const pageSize = positiveInt(params.get('pageSize'), defaultFilters.pageSize);
  return {
    nameContains: params.get('nameContains') ?? '',
    severity: list(params, 'severity').filter((s): s is Severity => severities.includes(s as Severity)),
    enabled: enabled === 'true' ? true : enabled === 'false' ? false : null,
    logTypes: list(params, 'logTypes'),
    tags: list(params, 'tags'),
    sortBy: sortBy && detectionSortFieldValues.includes(sortBy) ? sortBy : defaultFilters.sortBy,
    sortDir: sortDir === 'ascending' || sortDir === 'descending' ? sortDir : defaultFilters.sortDir,
    page: positiveInt(params.get('page'), 1),
    pageSize: pageSizes.includes(pageSize) ? pageSize : defaultFilters.pageSize,
  };
}

/** Writes the filters as a query string, leaving out defaults so URLs stay short. */
export function filtersToSearch(f: DetectionFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.nameContains.trim()) params.set('nameContains', f.nameContains.trim());
  f.severity.forEach((s) => params.append('severity', s));
  if (f.enabled !== null) params.set('enabled', String(f.enabled));
  f.logTypes.forEach((t) => params.append('logTypes', t));
  f.tags.forEach((t) => params.append('tags', t));
  if (f.sortBy !== defaultFilters.sortBy) params.set('sortBy', f.sortBy);
  if (f.sortDir !== defaultFilters.sortDir) params.set('sortDir', f.sortDir);
  if (f.page !== 1) params.set('page', String(f.page));
  if (f.pageSize !== defaultFilters.pageSize) params.set('pageSize', String(f.pageSize));
  return params;
}

/** The API's input for the filters: unset filters are left out, not sent empty, because an
 * empty list would read as "match none" to a reader of the request. */
export function filtersToInput(f: DetectionFilters): ListDetectionsInput {
  const input: ListDetectionsInput = { sortBy: f.sortBy, sortDir: f.sortDir, page: f.page, pageSize: f.pageSize };
  if (f.nameContains.trim()) input.nameContains = f.nameContains.trim();
  if (f.severity.length) input.severity = f.severity;
  if (f.enabled !== null) input.enabled = f.enabled;
  if (f.logTypes.length) input.logTypes = f.logTypes;
  if (f.tags.length) input.tags = f.tags;
  return input;
}

/** Whether any filter narrows the list (sorting and paging do not). */
export function hasFilters(f: DetectionFilters): boolean {
  return Boolean(f.nameContains.trim()) || f.severity.length > 0 || f.enabled !== null || f.logTypes.length > 0 || f.tags.length > 0;
}
