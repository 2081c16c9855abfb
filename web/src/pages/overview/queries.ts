// The overview's GraphQL documents.
import { gql } from '../../graphql/client';
import type { AlertSummary, ListAlertsInput, LogAnalysisMetricsResponse, QueryAlertsArgs, QueryGetLogAnalysisMetricsArgs } from '../../graphql/schema';

// The first element is the API field, so that other pages' invalidations (['alerts'] after a
// status change) refresh the overview too.
export const keys = {
  metrics: ['getLogAnalysisMetrics'] as const,
  recentAlerts: ['alerts', 'overview-recent'] as const,
};

export const getMetrics = gql<{ getLogAnalysisMetrics: LogAnalysisMetricsResponse }, QueryGetLogAnalysisMetricsArgs>(`query LogAnalysisMetrics($input: LogAnalysisMetricsInput!) {
  getLogAnalysisMetrics(input: $input) {
    eventsProcessed { label values timestamps }
    alertsBySeverity { label values timestamps }
    totalAlertsDelta { label value }
    alertsByRuleID { label value }
    fromDate
    toDate
    intervalMinutes
  }
}`);

export type RecentAlert = Pick<AlertSummary, 'alertId' | 'title' | 'severity' | 'status' | 'creationTime' | 'ruleId' | 'ruleDisplayName'>;

export const listRecentAlerts = gql<{ alerts: { alertSummaries: RecentAlert[] } }, QueryAlertsArgs>(`query RecentHighAlerts($input: ListAlertsInput) {
  alerts(input: $input) {
    alertSummaries { alertId title severity status creationTime ruleId ruleDisplayName }
  }
}`);

/** The open or triaged high and critical alerts, newest first. */
export const recentAlertsInput: ListAlertsInput = {
  severity: ['HIGH', 'CRITICAL'],
  status: ['OPEN', 'TRIAGED'],
  sortDir: 'descending',
  pageSize: 10,
};
