import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../test/render';
import DetectionsPage from './DetectionsPage';
import type { DetectionRow } from './queries';

const rows: DetectionRow[] = [
  { id: 'AWS.Root.Login', displayName: 'Root login', enabled: true, severity: 'HIGH', logTypes: ['AWS.CloudTrail'], tags: [], lastModified: '2024-05-01T10:00:00Z' },
  { id: 'Okta.MFA', displayName: null, enabled: false, severity: 'LOW', logTypes: ['Okta.SystemLog'], tags: ['mfa'], lastModified: '2024-04-01T10:00:00Z' },
  { id: 'GitHub.Repo', displayName: null, enabled: true, severity: 'INFO', logTypes: ['GitHub.Audit'], tags: [], lastModified: '2024-03-01T10:00:00Z' },
];

function api(list: DetectionRow[] = rows) {
  return (query: string) => {
    if (query.includes('deleteDetections')) return { deleteDetections: true };
    if (query.includes('listAvailableLogTypes')) return { listAvailableLogTypes: { logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'] } };
    return { detections: { paging: { thisPage: 1, totalPages: list.length ? 1 : 0, totalItems: list.length }, detections: list } };
  };
}

const listCalls = (calls: { query: string; variables: Record<string, unknown> }[]) => calls.filter((c) => c.query.includes('query Detections'));

// The machine is shared and slow: give the rendering tests room.
describe('DetectionsPage', { timeout: 20_000 }, () => {
  it('sends the URL filters as the list input and shows the rows', async () => {
    const { calls } = renderPage(<DetectionsPage />, {
      path: '/detections/?severity=HIGH&enabled=true&logTypes=AWS.CloudTrail&tags=iam&sortBy=id&sortDir=ascending',
      route: '/detections/',
      answer: api(),
    });
    expect(await screen.findByRole('link', { name: 'Root login' })).toHaveProperty('href', expect.stringContaining('/detections/rules/AWS.Root.Login/'));
    expect(screen.getByRole('link', { name: 'Okta.MFA' })).toBeTruthy();
    expect(listCalls(calls)[0].variables).toEqual({
      input: { severity: ['HIGH'], enabled: true, logTypes: ['AWS.CloudTrail'], tags: ['iam'], sortBy: 'id', sortDir: 'ascending', page: 1, pageSize: 25 },
    });
  });

  it('filters by name once typing pauses', async () => {
    const { calls } = renderPage(<DetectionsPage />, { path: '/detections/?page=2', route: '/detections/', answer: api() });
    await screen.findByRole('link', { name: 'Root login' });
    const name = screen.getByLabelText('Name contains');
    for (const value of ['r', 'ro', 'roo', 'root']) fireEvent.change(name, { target: { value } });
    await waitFor(() => expect(listCalls(calls).at(-1)?.variables).toEqual({ input: { nameContains: 'root', sortBy: 'lastModified', sortDir: 'descending', page: 1, pageSize: 25 } }));
    // One request for the typed name, not one per key.
    expect(listCalls(calls).filter((c) => (c.variables.input as { nameContains?: string }).nameContains)).toHaveLength(1);
  });

  it('deletes the selected detections after confirming', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage(<DetectionsPage />, { path: '/detections/', route: '/detections/', answer: api() });
    await screen.findByRole('link', { name: 'Root login' });
    expect(screen.getByRole('button', { name: 'Delete' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('checkbox', { name: 'Select AWS.Root.Login' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select GitHub.Repo' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 detections?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 detections' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('deleteDetections'))).toBe(true));
    expect(calls.find((c) => c.query.includes('deleteDetections'))?.variables).toEqual({
      input: { entries: [{ id: 'AWS.Root.Login' }, { id: 'GitHub.Repo' }] },
    });
  });

  it('selects every row of the page at once', async () => {
    const user = userEvent.setup();
    renderPage(<DetectionsPage />, { path: '/detections/', route: '/detections/', answer: api() });
    await screen.findByRole('link', { name: 'Root login' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all detections on this page' }));
    expect(screen.getByText('3 selected')).toBeTruthy();
  });

  it('offers to create or upload rules when there are none', async () => {
    renderPage(<DetectionsPage />, { path: '/detections/', route: '/detections/', answer: api([]) });
    expect(await screen.findByRole('heading', { name: 'No detections yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create rule' })).toHaveProperty('href', expect.stringContaining('/detections/new/'));
    expect(screen.getByRole('link', { name: 'Bulk upload' })).toHaveProperty('href', expect.stringContaining('/settings/bulk-uploader/'));
  });

  it('says when filters match nothing', async () => {
    renderPage(<DetectionsPage />, { path: '/detections/?tags=none', route: '/detections/', answer: api([]) });
    expect(await screen.findByRole('heading', { name: 'No detections match these filters' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    renderPage(<DetectionsPage />, {
      path: '/detections/',
      route: '/detections/',
      answer: (q) => {
        if (q.includes('query Detections')) throw new Error('analysis API down');
        return api()(q);
      },
    });
    expect(await screen.findByText('analysis API down')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
