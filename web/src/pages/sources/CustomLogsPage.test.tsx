import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import { urls } from '../../urls';
import CustomLogsPage from './CustomLogsPage';
import type { CustomLogSummary } from './customLogsApi';

const path = '/log-analysis/custom-logs/';

const logs: CustomLogSummary[] = [
  { logType: 'Custom.App', revision: 3, description: 'Our app', referenceURL: 'https://example.com/app', updatedAt: '2024-06-01T12:00:00Z' },
  { logType: 'Custom.Firewall', revision: 1, description: null, referenceURL: null, updatedAt: '2024-06-02T12:00:00Z' },
];

describe('CustomLogsPage', () => {
  it('says there are none yet and how to add one', async () => {
    renderPage(<CustomLogsPage />, { path, route: path, answer: () => ({ listCustomLogs: { customLogs: [] } }) });
    expect(await screen.findByRole('heading', { name: 'No custom log types yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New custom log type' }).getAttribute('href')).toBe(urls.newCustomLog());
  });

  it('lists the log types with links to each', async () => {
    renderPage(<CustomLogsPage />, { path, route: path, answer: () => ({ listCustomLogs: { customLogs: logs } }) });
    const table = await screen.findByRole('table', { name: 'Custom log types' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByRole('link', { name: 'Custom.App' }).getAttribute('href')).toBe(urls.customLog('Custom.App'));
    expect(within(rows[1]).getByText('Our app')).toBeTruthy();
    expect(within(rows[1]).getByRole('link', { name: 'https://example.com/app' })).toBeTruthy();
    expect(within(rows[1]).getByRole('cell', { name: '3' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New custom log type' })).toBeTruthy();
  });

  it('deletes at the current revision after confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    let current = logs;
    const answer: Answer = (query, variables) => {
      if (query.includes('DeleteCustomLog')) {
        current = current.filter((l) => l.logType !== (variables.input as { logType: string }).logType);
        return { deleteCustomLog: true };
      }
      return { listCustomLogs: { customLogs: current } };
    };
    const { calls } = renderPage(<CustomLogsPage />, { path, route: path, answer });
    await user.click(await screen.findByRole('button', { name: 'Delete Custom.App' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Custom.App?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete custom log type' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Custom.App' })).toBeNull());
    expect(calls.find((c) => c.query.includes('DeleteCustomLog'))?.variables).toEqual({ input: { logType: 'Custom.App', revision: 3 } });
  });

  it('shows the API error when the delete fails', async () => {
    const user = userEvent.setup({ delay: null });
    const answer: Answer = (query) => {
      if (query.includes('DeleteCustomLog')) throw new Error('log type Custom.App is no longer at revision 3: read it again');
      return { listCustomLogs: { customLogs: logs } };
    };
    renderPage(<CustomLogsPage />, { path, route: path, answer });
    await user.click(await screen.findByRole('button', { name: 'Delete Custom.App' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Custom.App?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete custom log type' }));
    expect(await within(dialog).findByText('log type Custom.App is no longer at revision 3: read it again')).toBeTruthy();
  });
});
