// The alert pages' GraphQL documents, each selecting only what its page shows.
import { gql } from '../../graphql/client';
import type {
  AlertDetails,
  AlertSummary,
  DeliveryResponse,
  Destination,
  ListAlertsResponse,
  ListAvailableLogTypesResponse,
  MutationDeliverAlertArgs,
  MutationUpdateAlertStatusArgs,
  QueryAlertArgs,
  QueryAlertsArgs,
} from '../../graphql/schema';

/**
 * Query keys. The first element is the API field, so that any page's mutation invalidating
 * ['alerts'] or ['alert'] refreshes these; the second keeps this page's selection of fields
 * from sharing a cache entry with another page's selection of the same field.
 */
export const keys = {
  alerts: ['alerts', 'list'] as const,
  alert: (id: string) => ['alert', id, 'detail'] as const,
  logTypes: ['listAvailableLogTypes'] as const,
  destinationNames: ['destinations', 'names'] as const,
};

export type AlertRowData = Pick<
  AlertSummary,
  'alertId' | 'type' | 'ruleId' | 'ruleDisplayName' | 'title' | 'severity' | 'status' | 'creationTime' | 'eventsMatched' | 'logTypes'
>;

export const listAlerts = gql<
  { alerts: Pick<ListAlertsResponse, 'lastEvaluatedKey'> & { alertSummaries: AlertRowData[] } },
  QueryAlertsArgs
>(`query ListAlerts($input: ListAlertsInput) {
  alerts(input: $input) {
    alertSummaries { alertId type ruleId ruleDisplayName title severity status creationTime eventsMatched logTypes }
    lastEvaluatedKey
  }
}`);

export const listLogTypes = gql<{ listAvailableLogTypes: ListAvailableLogTypesResponse }>(`query ListAvailableLogTypes {
  listAvailableLogTypes { logTypes }
}`);

export const updateAlertStatus = gql<
  { updateAlertStatus: Pick<AlertSummary, 'alertId' | 'status'>[] },
  MutationUpdateAlertStatusArgs
>(`mutation UpdateAlertStatus($input: UpdateAlertStatusInput!) {
  updateAlertStatus(input: $input) { alertId status }
}`);

export type AlertDetailData = Pick<
  AlertSummary,
  | 'alertId'
  | 'type'
  | 'ruleId'
  | 'ruleDisplayName'
  | 'title'
  | 'severity'
  | 'status'
  | 'dedupString'
  | 'description'
  | 'destinations'
  | 'creationTime'
  | 'updateTime'
  | 'eventsMatched'
  | 'logTypes'
  | 'lastUpdatedBy'
  | 'lastUpdatedByTime'
  | 'deliveryResponses'
>;

export const getAlert = gql<
  { alert: Pick<AlertDetails, 'eventsLastEvaluatedKey'> & { alert: AlertDetailData; events: unknown[] } },
  QueryAlertArgs
>(`query GetAlert($input: GetAlertInput!) {
  alert(input: $input) {
    alert {
      alertId type ruleId ruleDisplayName title severity status dedupString description destinations
      creationTime updateTime eventsMatched logTypes lastUpdatedBy lastUpdatedByTime
      deliveryResponses { outputId message statusCode success dispatchedAt }
    }
    events
    eventsLastEvaluatedKey
  }
}`);

export const deliverAlert = gql<{ deliverAlert: DeliveryResponse[] }, MutationDeliverAlertArgs>(`mutation DeliverAlert($input: DeliverAlertInput!) {
  deliverAlert(input: $input) { outputId message statusCode success dispatchedAt }
}`);

export const listDestinationNames = gql<{ destinations: Pick<Destination, 'outputId' | 'displayName'>[] }>(`query DestinationNames {
  destinations { outputId displayName }
}`);
