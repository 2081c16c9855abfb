import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import AlertsPage from './AlertsPage';

const route = '/log-analysis/alerts/';

function alert(n: number) {
  return {
    alertId: `alert-${n}`,
    type: 'RULE',
    ruleId: 'AWS.Root.Login',
    ruleDisplayName: 'Root login',
    title: `Root login ${n}`,
    severity: 'HIGH',
    status: 'OPEN',
    creationTime: '2024-05-01T10:00:00Z',
    eventsMatched: n,
    logTypes: ['AWS.CloudTrail'],
  };
}

function api(alerts: ReturnType<typeof alert>[], mutations: Record<string, unknown>[] = []): Answer {
  return (query, variables) => {
    if (query.includes('listAvailableLogTypes')) return { listAvailableLogTypes: { logTypes: ['AWS.CloudTrail'] } };
    if (query.includes('updateAlertStatus')) {
      mutations.push(variables);
      const input = variables.input as { alertIds: string[]; status: string };
      return { updateAlertStatus: input.alertIds.map((alertId) => ({ alertId, status: input.status })) };
    }
    if (query.includes('alerts(')) return { alerts: { alertSummaries: alerts, lastEvaluatedKey: null } };
    throw new Error(`unexpected query ${query}`);
  };
}

const listCalls = (calls: { query: string; variables: Record<string, unknown> }[]) => calls.filter((c) => c.query.includes('alerts('));

describe('AlertsPage', () => {
  it('lists open and triaged alerts when the URL names no status', async () => {
    const { calls } = renderPage(<AlertsPage />, { path: route, route, answer: api([alert(1), alert(2)]) });
    expect(await screen.findByRole('link', { name: 'Root login 1' })).toHaveProperty('href', expect.stringContaining('/log-analysis/alerts/alert-1/'));
    expect(listCalls(calls)[0].variables).toEqual({ input: { status: ['OPEN', 'TRIAGED'], sortDir: 'descending', pageSize: 50 } });
  });

  it('sends the filters of the URL', async () => {
    const { calls } = renderPage(<AlertsPage />, {
      path: `${route}?status[]=RESOLVED&severity[]=CRITICAL&logTypes[]=AWS.CloudTrail&sortDir=ascending`,
      route,
      answer: api([alert(1)]),
    });
    await screen.findByRole('link', { name: 'Root login 1' });
    expect(listCalls(calls)[0].variables).toEqual({
      input: { status: ['RESOLVED'], severity: ['CRITICAL'], logTypes: ['AWS.CloudTrail'], sortDir: 'ascending', pageSize: 50 },
    });
  });

  it('changes the status of the selected alerts only', async () => {
    const mutations: Record<string, unknown>[] = [];
    renderPage(<AlertsPage />, { path: route, route, answer: api([alert(1), alert(2), alert(3)], mutations) });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select alert Root login 1' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select alert Root login 3' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change status' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Resolved' }));
    await waitFor(() => expect(mutations).toEqual([{ input: { alertIds: ['alert-1', 'alert-3'], status: 'RESOLVED' } }]));
  });

  it('selects every alert of the page at once', async () => {
    const mutations: Record<string, unknown>[] = [];
    renderPage(<AlertsPage />, { path: route, route, answer: api([alert(1), alert(2)], mutations) });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select all alerts on this page' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change status' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Closed' }));
    await waitFor(() => expect(mutations).toEqual([{ input: { alertIds: ['alert-1', 'alert-2'], status: 'CLOSED' } }]));
  });

  it('disables "Change status" until an alert is selected', async () => {
    renderPage(<AlertsPage />, { path: route, route, answer: api([alert(1)]) });
    await screen.findByRole('link', { name: 'Root login 1' });
    expect(screen.getByRole('button', { name: 'Change status' })).toHaveProperty('disabled', true);
  });

  it('renders a thousand alerts', { timeout: 30_000 }, async () => {
    const many = Array.from({ length: 1000 }, (_, i) => alert(i + 1));
    renderPage(<AlertsPage />, { path: route, route, answer: api(many) });
    const table = await screen.findByRole('table', { name: 'Alerts' });
    expect(table.querySelectorAll('tbody tr')).toHaveLength(1000);
    expect(table.querySelector('a[href="/log-analysis/alerts/alert-1000/"]')?.textContent).toBe('Root login 1000');
  });

  it('says what to do when nothing matches the filters', async () => {
    renderPage(<AlertsPage />, { path: `${route}?severity[]=INFO`, route, answer: api([]) });
    expect(await screen.findByRole('heading', { name: 'No alerts match these filters' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show open and triaged alerts' })).toBeTruthy();
  });

  it('offers to retry when the list cannot be loaded', async () => {
    renderPage(<AlertsPage />, {
      path: route,
      route,
      answer: (query) => {
        if (query.includes('alerts(')) throw new Error('The alerts API is down');
        return { listAvailableLogTypes: { logTypes: [] } };
      },
    });
    expect(await screen.findByText('The alerts API is down')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
