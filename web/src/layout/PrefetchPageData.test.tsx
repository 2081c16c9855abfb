import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import AlertsPage from '../pages/alerts/AlertsPage';
import { renderPage, type Answer } from '../test/render';
import { PrefetchPageData } from './PrefetchPageData';

const route = '/log-analysis/alerts/';

const answer: Answer = (query) => {
  if (query.includes('listAvailableLogTypes')) return { listAvailableLogTypes: { logTypes: ['AWS.CloudTrail'] } };
  if (query.includes('alerts(')) {
    return {
      alerts: {
        alertSummaries: [{ alertId: 'a1', type: 'RULE', ruleId: 'R', ruleDisplayName: 'R', title: 'Root login', severity: 'HIGH',
          status: 'OPEN', creationTime: '2024-05-01T10:00:00Z', eventsMatched: 1, logTypes: ['AWS.CloudTrail'] }],
        lastEvaluatedKey: null,
      },
    };
  }
  throw new Error(`unexpected query ${query}`);
};

const listCalls = (calls: { query: string; variables: Record<string, unknown> }[]) => calls.filter((c) => c.query.includes('alerts('));

describe('PrefetchPageData', () => {
  it("starts the alerts list's first query from the URL alone, before the page is there", async () => {
    const { calls } = renderPage(<PrefetchPageData />, { path: `${route}?severity[]=HIGH`, route, answer });
    await waitFor(() => expect(listCalls(calls)).toHaveLength(1));
    expect(listCalls(calls)[0].variables).toMatchObject({ input: { severity: ['HIGH'] } });
    expect(calls.some((c) => c.query.includes('listAvailableLogTypes'))).toBe(true);
  });

  it('is the request the page itself makes: the list is asked for once', async () => {
    const { calls } = renderPage(
      <>
        <PrefetchPageData />
        <AlertsPage />
      </>,
      { path: route, route, answer },
    );
    expect(await screen.findByRole('link', { name: 'Root login' })).toBeTruthy();
    expect(listCalls(calls)).toHaveLength(1);
  });

  it('leaves pages it knows nothing of alone', async () => {
    const { calls } = renderPage(<PrefetchPageData />, { path: '/detections/', route: '/detections/', answer });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(0);
  });
});
