import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import DestinationEditorPage from './DestinationEditorPage';

// No delay between keys, and room for a machine shared with other test runs.
const user = userEvent.setup({ delay: null });
vi.setConfig({ testTimeout: 20_000 });

// Types a value as one paste: one change per field rather than one per key.
async function fill(input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

const route = '/integrations/destinations/:id/edit/';

function showNew(answer: Answer) {
  return renderPage(<DestinationEditorPage />, { path: '/integrations/destinations/new/', route: '/integrations/destinations/new/', answer });
}

function showEdit(answer: Answer) {
  return renderPage(<DestinationEditorPage />, { path: '/integrations/destinations/o-pd/edit/', route, answer });
}

const stored = {
  outputId: 'o-pd',
  displayName: 'On call',
  outputType: 'pagerduty',
  defaultForSeverity: ['CRITICAL'],
  alertTypes: ['RULE'],
  outputConfig: { pagerduty: null },
};

describe('adding a destination', () => {
  it('asks for a type, then validates the fields, naming each', async () => {
    const { calls } = showNew(() => ({}));
    expect(screen.getByRole('heading', { name: 'Add a destination' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Add destination' }));
    expect(await screen.findByText(/^Destination type: choose/)).toBeDefined();

    await user.click(screen.getByRole('radio', { name: 'Slack' }));
    await fill(screen.getByLabelText(/^Webhook URL/), 'http://hooks.slack.com/x');
    await user.click(screen.getByRole('button', { name: 'Add destination' }));
    expect(await screen.findByText(/^Display name is required/)).toBeDefined();
    expect(screen.getByText(/^Severities: choose at least one/)).toBeDefined();
    expect(screen.getByText(/^Webhook URL must be an https URL/)).toBeDefined();
    expect(document.activeElement).toBe(screen.getByLabelText(/^Display name/));
    expect(calls).toHaveLength(0);
  });

  it('sends the Slack input', async () => {
    const { calls } = showNew(() => ({ addDestination: { outputId: 'new' } }));
    await user.click(screen.getByRole('radio', { name: 'Slack' }));
    await fill(screen.getByLabelText(/^Display name/), 'Security');
    await fill(screen.getByLabelText(/^Webhook URL/), 'https://hooks.slack.com/services/T/B/x');
    await user.click(screen.getByRole('checkbox', { name: 'High' }));
    await user.click(screen.getByRole('checkbox', { name: 'Rule errors' }));
    await user.click(screen.getByRole('button', { name: 'Add destination' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].variables).toEqual({
      input: {
        displayName: 'Security',
        outputConfig: { slack: { webhookURL: 'https://hooks.slack.com/services/T/B/x' } },
        defaultForSeverity: ['HIGH'],
        alertTypes: ['RULE', 'POLICY'],
      },
    });
  });

  it('shows the fields of the chosen type', async () => {
    showNew(() => ({}));
    await user.click(screen.getByRole('radio', { name: 'Jira' }));
    for (const label of ['Organization domain', 'Project key', 'User email', 'API token', 'Issue type', 'Assignee account ID', 'Issue labels']) {
      // A tag input's (closed) option list carries its label too.
      expect(screen.getAllByLabelText(new RegExp(`^${label}`))[0].tagName, label).toBe('INPUT');
    }
    expect(screen.queryByLabelText(/^Webhook URL/)).toBeNull();
  });

  it('shows what the API refused', async () => {
    showNew(() => {
      throw new Error('displayName: "Security" is already the name of another output');
    });
    await user.click(screen.getByRole('radio', { name: 'Custom webhook' }));
    await fill(screen.getByLabelText(/^Display name/), 'Security');
    await fill(screen.getByLabelText(/^Webhook URL/), 'http://localhost:9000/hook');
    await user.click(screen.getByRole('checkbox', { name: 'Low' }));
    await user.click(screen.getByRole('button', { name: 'Add destination' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/already the name of another output/)).toBeDefined();
  });
});

describe('editing a destination', () => {
  it('keeps a blank secret and sends the update', async () => {
    const { calls } = showEdit((query) => (query.includes('updateDestination') ? { updateDestination: { outputId: 'o-pd' } } : { destination: stored }));
    expect(await screen.findByRole('heading', { name: 'Edit On call' })).toBeDefined();
    expect(screen.queryByRole('radio', { name: 'Slack' })).toBeNull();
    expect(screen.getByText(/Leave blank to keep the saved integration key/)).toBeDefined();
    expect(screen.getByRole('checkbox', { name: 'Critical' })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('updateDestination'))).toBe(true));
    expect(calls.find((c) => c.query.includes('updateDestination'))?.variables).toEqual({
      input: {
        outputId: 'o-pd',
        displayName: 'On call',
        outputConfig: { pagerduty: { integrationKey: '' } },
        defaultForSeverity: ['CRITICAL'],
        alertTypes: ['RULE'],
      },
    });
  });

  it('checks a new secret that is typed', async () => {
    const { calls } = showEdit(() => ({ destination: stored }));
    await fill(await screen.findByLabelText(/^Integration key/), 'abc');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/^Integration key must be 32 hexadecimal characters/)).toBeDefined();
    expect(calls.filter((c) => c.query.includes('updateDestination'))).toHaveLength(0);
  });

  it('sends a test alert and shows the result', async () => {
    showEdit((query) =>
      query.includes('sendTestAlert')
        ? { sendTestAlert: [{ outputId: 'o-pd', success: true, statusCode: 202, message: 'Event processed', dispatchedAt: '2026-01-04T00:00:00Z' }] }
        : { destination: stored },
    );
    await user.click(await screen.findByRole('button', { name: 'Send test alert' }));
    expect(await screen.findByText('Delivered to On call')).toBeDefined();
    expect(screen.getByText('Status code 202: Event processed')).toBeDefined();
  });

  it('shows a destination that cannot be loaded', async () => {
    showEdit(() => {
      throw new Error('output o-pd does not exist');
    });
    expect(await screen.findByText('output o-pd does not exist')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeDefined();
  });
});
