import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import DestinationsPage from './DestinationsPage';

const user = userEvent.setup({ delay: null });
vi.setConfig({ testTimeout: 20_000 });

const slack = {
  outputId: 'o-slack',
  displayName: 'Security channel',
  outputType: 'slack',
  defaultForSeverity: ['HIGH', 'CRITICAL'],
  alertTypes: ['RULE', 'POLICY'],
  creationTime: '2026-01-02T03:04:05Z',
  lastModifiedTime: '2026-01-03T03:04:05Z',
};
const hook = { ...slack, outputId: 'o-hook', displayName: 'Webhook', outputType: 'customwebhook' };

function show(answer: Answer) {
  return renderPage(<DestinationsPage />, { path: '/integrations/destinations/', route: '/integrations/destinations/', answer });
}

describe('DestinationsPage', () => {
  it('lists the destinations with their actions', async () => {
    show(() => ({ destinations: [slack, hook] }));
    expect(await screen.findByRole('cell', { name: 'Security channel' })).toBeDefined();
    const row = screen.getByRole('row', { name: /Security channel/ });
    expect(within(row).getByText('Slack')).toBeDefined();
    expect(within(row).getByText('Rule matches')).toBeDefined();
    expect(within(row).getByLabelText('Severity CRITICAL')).toBeDefined();
    expect(within(row).getByRole('link', { name: 'Edit Security channel' }).getAttribute('href')).toBe(
      '/integrations/destinations/o-slack/edit/',
    );
    expect(screen.getByRole('row', { name: /Webhook/ }).textContent).toContain('Custom webhook');
    expect(screen.getByRole('link', { name: 'Add destination' })).toBeDefined();
  });

  it('says what to do when there are none', async () => {
    show(() => ({ destinations: [] }));
    expect(await screen.findByRole('heading', { name: 'No destinations yet' })).toBeDefined();
    expect(screen.getByText(/Alerts are delivered to destinations/)).toBeDefined();
    expect(screen.getByRole('link', { name: 'Add destination' }).getAttribute('href')).toBe('/integrations/destinations/new/');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failed load with a retry', async () => {
    let calls = 0;
    show(() => {
      calls++;
      throw new Error('outputs-api is down');
    });
    expect(await screen.findByText('outputs-api is down')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(calls).toBe(2);
  });

  it('sends a test alert and shows each delivery result', async () => {
    const { calls } = show((query) => {
      if (query.includes('sendTestAlert')) {
        return {
          sendTestAlert: [
            { outputId: 'o-slack', success: false, statusCode: 404, message: 'channel_not_found', dispatchedAt: '2026-01-04T00:00:00Z' },
          ],
        };
      }
      return { destinations: [slack, hook] };
    });
    await user.click(await screen.findByRole('button', { name: 'Send test alert to Security channel' }));
    const dialog = await screen.findByRole('dialog', { name: 'Test alert to Security channel' });
    expect(within(dialog).getByText('Failed to deliver to Security channel')).toBeDefined();
    expect(within(dialog).getByText('Status code 404: channel_not_found')).toBeDefined();
    expect(calls.find((c) => c.query.includes('sendTestAlert'))?.variables).toEqual({ input: { outputIds: ['o-slack'] } });
  });

  it('deletes a destination after confirming', async () => {
    const { calls } = show((query) => (query.includes('deleteDestination') ? { deleteDestination: true } : { destinations: [slack] }));
    await user.click(await screen.findByRole('button', { name: 'Delete Security channel' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Security channel?' });
    expect(calls.some((c) => c.query.includes('deleteDestination'))).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Delete destination' }));
    await waitFor(() =>
      expect(calls.find((c) => c.query.includes('deleteDestination'))?.variables).toEqual({ input: { outputId: 'o-slack' } }),
    );
  });
});
