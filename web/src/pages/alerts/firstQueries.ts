// The alerts list's queries, described once: the page runs them, and the app starts the first
// page's while the page's own code is still loading (layout/PrefetchPageData), so that a
// reload of the list waits for the network once rather than for the code and then the data.
import type { ApiQuery } from '../../graphql/api';
import { listAlertsInput, parseFilters, type AlertFilters } from './filters';
import { keys, listAlerts, listLogTypes } from './queries';

/** One page of alerts for the filters, from the key the previous page ended at (null: the first). */
export function alertsListQuery(filters: AlertFilters, cursor: string | null) {
  return { key: keys.alerts, op: listAlerts, variables: { input: listAlertsInput(filters, cursor) } };
}

/** The log types the filter offers. */
export const logTypesQuery = { key: keys.logTypes, op: listLogTypes };

/** What the list at this query string asks for first. */
export function alertsPageFirstQueries(search: URLSearchParams): ApiQuery[] {
  return [alertsListQuery(parseFilters(search), null), logTypesQuery] as ApiQuery[];
}
