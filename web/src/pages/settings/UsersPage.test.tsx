import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import UsersPage from './UsersPage';

const user = userEvent.setup({ delay: null });
vi.setConfig({ testTimeout: 20_000 });

// Types a value as one paste: one change per field rather than one per key.
async function fill(input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

const ada = { id: 'u-ada', email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace', createdAt: '2026-01-01T00:00:00Z', status: 'CONFIRMED' };
const alan = { id: 'u-alan', email: 'alan@example.com', givenName: 'Alan', familyName: 'Turing', createdAt: '2026-01-02T00:00:00Z', status: 'FORCE_CHANGE_PASSWORD' };

function show(answer: Answer) {
  return renderPage(<UsersPage />, { path: '/settings/users/', route: '/settings/users/', answer });
}

describe('UsersPage', () => {
  it('lists the users', async () => {
    show(() => ({ users: [ada, alan] }));
    expect(await screen.findByRole('cell', { name: 'Ada Lovelace' })).toBeDefined();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Email', 'Status', 'Created', 'Actions']);
    const row = screen.getByRole('row', { name: /Alan Turing/ });
    expect(within(row).getByText('alan@example.com')).toBeDefined();
    expect(within(row).getByText('Invited')).toBeDefined();
    expect(within(screen.getByRole('row', { name: /Ada Lovelace/ })).getByText('Active')).toBeDefined();
  });

  it('says what to do when there are none', async () => {
    show(() => ({ users: [] }));
    expect(await screen.findByRole('heading', { name: 'No users yet' })).toBeDefined();
    expect(screen.getByText(/Invite your team/)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Invite user' })).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failed load with a retry', async () => {
    let calls = 0;
    show(() => {
      calls++;
      throw new Error('users-api is down');
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The users could not be loaded')).toBeDefined();
    expect(within(alert).getByText('users-api is down')).toBeDefined();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(calls).toBe(2));
  });

  it('invites a user with the input typed, after checking it', async () => {
    const { calls } = show((query) => (query.includes('inviteUser') ? { inviteUser: { id: 'u-new' } } : { users: [ada] }));
    await user.click(await screen.findByRole('button', { name: 'Invite user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite a user' });
    await fill(within(dialog).getByLabelText(/^Email/), 'grace@');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(within(dialog).getByText('Given name is required')).toBeDefined();
    expect(within(dialog).getByText('Family name is required')).toBeDefined();
    expect(within(dialog).getByText(/^Email must be a single address/)).toBeDefined();
    expect(calls.some((c) => c.query.includes('inviteUser'))).toBe(false);

    await fill(within(dialog).getByLabelText(/^Given name/), ' Grace ');
    await fill(within(dialog).getByLabelText(/^Family name/), 'Hopper');
    await fill(within(dialog).getByLabelText(/^Email/), 'example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('inviteUser'))).toBe(true));
    expect(calls.find((c) => c.query.includes('inviteUser'))?.variables).toEqual({
      input: { givenName: 'Grace', familyName: 'Hopper', email: 'grace@example.com' },
    });
  });

  it('shows why the API refused to delete a user', async () => {
    const { calls } = show((query) => {
      if (query.includes('deleteUser')) {
        throw new Error('id: u-ada is your own user, and you cannot remove yourself: another user must remove you');
      }
      return { users: [ada] };
    });
    await user.click(await screen.findByRole('button', { name: 'Delete Ada Lovelace' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Ada Lovelace?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    expect(await within(dialog).findByText(/you cannot remove yourself/)).toBeDefined();
    expect(calls.find((c) => c.query.includes('deleteUser'))?.variables).toEqual({ id: 'u-ada' });
  });

  it('resets a password after confirming', async () => {
    const { calls } = show((query) =>
      query.includes('resetUserPassword') ? { resetUserPassword: { id: 'u-alan', status: 'FORCE_CHANGE_PASSWORD' } } : { users: [alan] },
    );
    await user.click(await screen.findByRole('button', { name: 'Reset password of Alan Turing' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset the password of Alan Turing?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('resetUserPassword'))?.variables).toEqual({ id: 'u-alan' }));
  });

  it('edits only what changed', async () => {
    const { calls } = show((query) => (query.includes('updateUser') ? { updateUser: { id: 'u-ada' } } : { users: [ada] }));
    await user.click(await screen.findByRole('button', { name: 'Edit Ada Lovelace' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Ada Lovelace' });
    await user.clear(within(dialog).getByLabelText(/^Family name/));
    await fill(within(dialog).getByLabelText(/^Family name/), 'King');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(calls.find((c) => c.query.includes('updateUser'))?.variables).toEqual({ input: { id: 'u-ada', familyName: 'King' } }),
    );
  });
});
