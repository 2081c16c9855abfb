import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import OverviewPage from './OverviewPage';

const route = '/log-analysis/overview/';
const t = ['2024-05-01T00:00:00Z', '2024-05-01T06:00:00Z'];

const metrics = {
  eventsProcessed: [{ label: 'AWS.CloudTrail', values: [100, 200], timestamps: t }],
  alertsBySeverity: [{ label: 'HIGH', values: [1, 2], timestamps: t }],
  totalAlertsDelta: [
    { label: 'Previous Period', value: 4 },
    { label: 'Current Period', value: 6 },
  ],
  alertsByRuleID: [{ label: 'AWS.Root.Login', value: 5 }],
  fromDate: t[0],
  toDate: t[1],
  intervalMinutes: 360,
};

const recent = [
  { alertId: 'a1', title: 'Root login from 1.2.3.4', severity: 'CRITICAL', status: 'OPEN', creationTime: t[1], ruleId: 'AWS.Root.Login', ruleDisplayName: null },
];

function api(m: unknown, alerts: unknown[]): Answer {
  return (query) => {
    if (query.includes('getLogAnalysisMetrics')) return { getLogAnalysisMetrics: m };
    if (query.includes('alerts(')) return { alerts: { alertSummaries: alerts } };
    throw new Error(`unexpected ${query}`);
  };
}

describe('OverviewPage', () => {
  it('shows the totals, the most active rules and the recent high and critical alerts', async () => {
    const { calls } = renderPage(<OverviewPage />, { path: route, route, answer: api(metrics, recent) });
    expect(screen.getByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    const total = await screen.findByRole('region', { name: 'Total alerts' });
    expect(within(total).getByText('6')).toBeTruthy();
    expect(screen.getByText(/\+2 \(\+50%\) vs the 7 days before/)).toBeTruthy();
    const rules = screen.getByRole('table', { name: 'Most active rules' });
    expect(within(rules).getByRole('link', { name: 'AWS.Root.Login' }).getAttribute('href')).toBe('/detections/rules/AWS.Root.Login/');
    const alerts = await screen.findByRole('table', { name: 'Recent high and critical alerts' });
    expect(within(alerts).getByRole('link', { name: 'Root login from 1.2.3.4' }).getAttribute('href')).toBe('/log-analysis/alerts/a1/');
    expect(screen.getByText('300 events by log type, last 7 days')).toBeTruthy();

    const recentCall = calls.find((c) => c.query.includes('alerts('));
    expect(recentCall?.variables).toEqual({ input: { severity: ['HIGH', 'CRITICAL'], status: ['OPEN', 'TRIAGED'], sortDir: 'descending', pageSize: 10 } });
    const metricsCall = calls.find((c) => c.query.includes('getLogAnalysisMetrics'));
    const input = metricsCall?.variables.input as { fromDate: string; toDate: string; intervalMinutes: number };
    expect(input.intervalMinutes).toBe(360);
    expect(Date.parse(input.toDate) - Date.parse(input.fromDate)).toBe(7 * 24 * 3600_000);
  });

  it('reads the range from the URL', async () => {
    const { calls } = renderPage(<OverviewPage />, { path: `${route}?range=24h`, route, answer: api(metrics, recent) });
    await screen.findByRole('region', { name: 'Total alerts' });
    const input = calls.find((c) => c.query.includes('getLogAnalysisMetrics'))?.variables.input as { intervalMinutes: number };
    expect(input.intervalMinutes).toBe(60);
    expect(screen.getByText(/vs the 24 hours before/)).toBeTruthy();
  });

  it('says what to do when nothing was processed and nothing alerted', async () => {
    const empty = { ...metrics, eventsProcessed: [], alertsBySeverity: [], totalAlertsDelta: [], alertsByRuleID: [] };
    renderPage(<OverviewPage />, { path: route, route, answer: api(empty, []) });
    expect(await screen.findByRole('heading', { name: 'No events processed yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to log sources' }).getAttribute('href')).toBe('/integrations/log-sources/');
    expect(screen.getByRole('heading', { name: 'No alerts in this range' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'No rule raised alerts in this range' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'No open high or critical alerts' })).toBeTruthy();
  });

  it('offers to retry when the metrics cannot be loaded', async () => {
    renderPage(<OverviewPage />, {
      path: route,
      route,
      answer: (query) => {
        if (query.includes('getLogAnalysisMetrics')) throw new Error('The metrics API is down');
        return { alerts: { alertSummaries: recent } };
      },
    });
    expect(await screen.findByText('The metrics API is down')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Root login from 1.2.3.4' })).toBeTruthy();
  });
});
