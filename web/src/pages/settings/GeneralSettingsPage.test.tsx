import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import GeneralSettingsPage from './GeneralSettingsPage';

const user = userEvent.setup({ delay: null });
vi.setConfig({ testTimeout: 20_000 });

// Types a value as one paste: one change per field rather than one per key.
async function fill(input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

const saved = { displayName: 'Acme', email: '', errorReportingConsent: false, analyticsConsent: true };

function show(answer: Answer) {
  return renderPage(<GeneralSettingsPage />, { path: '/settings/general/', route: '/settings/general/', answer });
}

describe('GeneralSettingsPage', () => {
  it('shows the settings and the Panther version', async () => {
    show(() => ({ generalSettings: saved }));
    expect(screen.getByRole('heading', { name: 'General settings' })).toBeDefined();
    expect(await screen.findByLabelText(/^Company name/)).toHaveProperty('value', 'Acme');
    expect(screen.getByRole('checkbox', { name: /^Allow product analytics/ })).toHaveProperty('checked', true);
    expect(screen.getByText('Panther version v0.0.0-test')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Save settings' })).toHaveProperty('disabled', true);
  });

  it('sends only the fields that changed', async () => {
    const { calls } = show((query) => (query.includes('updateGeneralSettings') ? { updateGeneralSettings: saved } : { generalSettings: saved }));
    await fill(await screen.findByLabelText(/^Company email/), 'security@acme.com');
    await user.click(screen.getByRole('checkbox', { name: /^Allow error reporting/ }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('updateGeneralSettings'))).toBe(true));
    expect(calls.find((c) => c.query.includes('updateGeneralSettings'))?.variables).toEqual({
      input: { email: 'security@acme.com', errorReportingConsent: true },
    });
  });

  it('names the field at fault and the fix', async () => {
    const { calls } = show(() => ({ generalSettings: saved }));
    await user.clear(await screen.findByLabelText(/^Company name/));
    await fill(screen.getByLabelText(/^Company email/), 'acme');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText(/^Company name is required/)).toBeDefined();
    expect(screen.getByText('Company email must be a single address such as security@example.com')).toBeDefined();
    expect(calls.filter((c) => c.query.includes('updateGeneralSettings'))).toHaveLength(0);
  });

  it('shows a failed load with a retry', async () => {
    show(() => {
      throw new Error('organization-api is down');
    });
    expect(await screen.findByText('organization-api is down')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeDefined();
  });
});
