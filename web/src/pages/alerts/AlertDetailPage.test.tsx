import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import AlertDetailPage from './AlertDetailPage';
import { retryTargets } from './DeliveryHistory';

const route = '/log-analysis/alerts/:id/';
const path = '/log-analysis/alerts/alert-1/';

const summary = {
  alertId: 'alert-1',
  type: 'RULE',
  ruleId: 'AWS.Root.Login',
  ruleDisplayName: 'Root login',
  title: 'Root logged in from 1.2.3.4',
  severity: 'CRITICAL',
  status: 'OPEN',
  dedupString: 'root-1.2.3.4',
  description: 'The root user signed in.',
  destinations: ['out-slack', 'out-pd'],
  creationTime: '2024-05-01T10:00:00Z',
  updateTime: '2024-05-01T11:00:00Z',
  eventsMatched: 3,
  logTypes: ['AWS.CloudTrail'],
  lastUpdatedBy: '',
  lastUpdatedByTime: null,
  deliveryResponses: [
    { outputId: 'out-slack', success: true, statusCode: 200, message: 'ok', dispatchedAt: '2024-05-01T10:00:05Z' },
    { outputId: 'out-pd', success: false, statusCode: 500, message: 'PagerDuty answered 500', dispatchedAt: '2024-05-01T10:00:06Z' },
  ],
};

interface Seen {
  alertInputs: Record<string, unknown>[];
  mutations: { query: string; variables: Record<string, unknown> }[];
}

function api(seen: Seen): Answer {
  return (query, variables) => {
    if (query.includes('destinations {')) {
      return { destinations: [{ outputId: 'out-slack', displayName: 'Slack #security' }, { outputId: 'out-pd', displayName: 'PagerDuty' }] };
    }
    if (query.includes('mutation')) {
      seen.mutations.push({ query, variables });
      if (query.includes('deliverAlert')) {
        return { deliverAlert: [{ outputId: 'out-pd', success: true, statusCode: 200, message: 'ok', dispatchedAt: '2024-05-01T12:00:00Z' }] };
      }
      return { updateAlertStatus: [{ alertId: 'alert-1', status: 'RESOLVED' }] };
    }
    const input = variables.input as Record<string, unknown>;
    seen.alertInputs.push(input);
    if (input.alertId !== 'alert-1') throw new Error(`alert ${String(input.alertId)} does not exist`);
    // Two pages of events: AWSJSON arrives as strings of JSON.
    return input.eventsExclusiveStartKey === 'events-2'
      ? { alert: { alert: summary, events: [JSON.stringify({ n: 3 })], eventsLastEvaluatedKey: null } }
      : { alert: { alert: summary, events: [JSON.stringify({ n: 1, user: 'root' }), JSON.stringify({ n: 2 })], eventsLastEvaluatedKey: 'events-2' } };
  };
}

describe('AlertDetailPage', () => {
  it('shows the alert, its events and its delivery history', async () => {
    const seen: Seen = { alertInputs: [], mutations: [] };
    renderPage(<AlertDetailPage />, { path, route, answer: api(seen) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Root logged in from 1.2.3.4' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Root login' }).getAttribute('href')).toBe('/detections/rules/AWS.Root.Login/');
    expect(screen.getByText('root-1.2.3.4')).toBeTruthy();
    // Pretty-printed, not the wire's one line.
    expect(screen.getByRole('group', { name: 'Event 1' }).textContent).toBe('{\n  "n": 1,\n  "user": "root"\n}');
    expect(screen.getByText('Showing 2 of 3 events')).toBeTruthy();
    const history = screen.getByRole('table', { name: 'Delivery history' });
    expect(await within(history).findByText('PagerDuty answered 500')).toBeTruthy();
    expect(within(history).getByText('Failed')).toBeTruthy();
    expect(within(history).getByText('Slack #security')).toBeTruthy();
    expect(seen.alertInputs[0]).toEqual({ alertId: 'alert-1', eventsPageSize: 25 });
  });

  it('reads the next page of events with the previous page key', async () => {
    const seen: Seen = { alertInputs: [], mutations: [] };
    renderPage(<AlertDetailPage />, { path, route, answer: api(seen) });
    fireEvent.click(await screen.findByRole('button', { name: 'Load more events' }));
    expect(await screen.findByRole('group', { name: 'Event 3' })).toBeTruthy();
    expect(seen.alertInputs.at(-1)).toEqual({ alertId: 'alert-1', eventsPageSize: 25, eventsExclusiveStartKey: 'events-2' });
    expect(screen.queryByRole('button', { name: 'Load more events' })).toBeNull();
  });

  it('sends updateAlertStatus with the chosen status', async () => {
    const seen: Seen = { alertInputs: [], mutations: [] };
    renderPage(<AlertDetailPage />, { path, route, answer: api(seen) });
    await screen.findByRole('heading', { level: 1, name: 'Root logged in from 1.2.3.4' });
    const update = screen.getByRole('button', { name: 'Update status' });
    expect(update).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByLabelText('Status'));
    fireEvent.click(await screen.findByRole('option', { name: 'Resolved' }));
    fireEvent.click(update);
    await waitFor(() =>
      expect(seen.mutations.map((m) => m.variables)).toEqual([{ input: { alertIds: ['alert-1'], status: 'RESOLVED' } }]),
    );
  });

  it('retries delivery to the destination that failed', async () => {
    const seen: Seen = { alertInputs: [], mutations: [] };
    renderPage(<AlertDetailPage />, { path, route, answer: api(seen) });
    fireEvent.click(await screen.findByRole('button', { name: 'Retry delivery' }));
    await waitFor(() => expect(seen.mutations.map((m) => m.variables)).toEqual([{ input: { alertId: 'alert-1', outputIds: ['out-pd'] } }]));
  });

  it('says when the alert does not exist', async () => {
    const seen: Seen = { alertInputs: [], mutations: [] };
    renderPage(<AlertDetailPage />, { path: '/log-analysis/alerts/gone/', route, answer: api(seen) });
    expect(await screen.findByRole('heading', { name: 'This alert does not exist' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to alerts' }).getAttribute('href')).toBe('/log-analysis/alerts/');
    expect(seen.alertInputs).toHaveLength(1);
  });
});

describe('retryTargets', () => {
  const r = (outputId: string, success: boolean, dispatchedAt: string) => ({ outputId, success, dispatchedAt, statusCode: 0, message: '' });
  it('picks the destinations whose latest attempt failed', () => {
    expect(retryTargets([r('a', false, '2024-01-01T00:00:00Z'), r('a', true, '2024-01-02T00:00:00Z'), r('b', false, '2024-01-01T00:00:00Z')], ['a', 'b'])).toEqual(['b']);
  });
  it('falls back to every destination when none failed', () => {
    expect(retryTargets([r('a', true, '2024-01-01T00:00:00Z')], ['c'])).toEqual(['c', 'a']);
  });
});
