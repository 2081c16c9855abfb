// Users: the people who can sign in to Panther. Invite, edit, reset a password, delete.
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../components/format';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { ConfirmModal } from './ConfirmModal';
import { UserModal } from './UserModal';
import { UsersTable } from './UsersTable';
import {
  deleteUserMutation,
  fullName,
  inviteInput,
  inviteUserMutation,
  resetUserPasswordMutation,
  updateInput,
  updateUserMutation,
  usersKey,
  usersQuery,
  type UserRow,
} from './users';

type Dialog = { kind: 'invite' } | { kind: 'edit' | 'reset' | 'delete'; user: UserRow } | null;

const failed = (title: string) => (error: Error) => notifications.show({ color: 'red', title, message: errorMessage(error) });

export default function UsersPage() {
  const list = useApiQuery(usersKey, usersQuery);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = (title: string, message: string) => () => {
    notifications.show({ color: 'green', title, message });
    close();
  };

  const invite = useApiMutation(inviteUserMutation, [usersKey], {
    onSuccess: (_, { input }) => done('User invited', `${input.email} will receive an email with a temporary password.`)(),
    onError: failed('The user was not invited'),
  });
  const update = useApiMutation(updateUserMutation, [usersKey], {
    onSuccess: done('User saved', 'The changes are saved.'),
    onError: failed('The user was not saved'),
  });
  const reset = useApiMutation(resetUserPasswordMutation, [usersKey], {
    onSuccess: done('Password reset', 'The user will receive an email to choose a new password.'),
    onError: failed('The password was not reset'),
  });
  const remove = useApiMutation(deleteUserMutation, [usersKey], {
    onSuccess: done('User deleted', 'The user can no longer sign in.'),
    onError: failed('The user was not deleted'),
  });

  // Each dialog starts without the error of a previous attempt.
  function open(next: Dialog) {
    for (const m of [invite, update, reset, remove]) m.reset();
    setDialog(next);
  }

  const inviteButton = (
    <Button leftSection={<IconUserPlus size={16} />} onClick={() => open({ kind: 'invite' })}>
      Invite user
    </Button>
  );
  const users = list.data?.users ?? [];

  return (
    <>
      <PageHeader
        title="Users"
        description="The people who can sign in to Panther."
        // The empty state has its own button; one is enough.
        actions={list.isSuccess && users.length === 0 ? undefined : inviteButton}
      />
      {list.isPending ? (
        <Loading label="Loading users…" />
      ) : list.isError ? (
        <ErrorState title="The users could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
      ) : users.length === 0 ? (
        <EmptyState title="No users yet" action={inviteButton}>
          Invite your team: each person gets an email with a temporary password, and chooses their own at their first sign-in.
        </EmptyState>
      ) : (
        <UsersTable
          users={users}
          onEdit={(user) => open({ kind: 'edit', user })}
          onReset={(user) => open({ kind: 'reset', user })}
          onDelete={(user) => open({ kind: 'delete', user })}
        />
      )}

      {dialog?.kind === 'invite' && (
        <UserModal
          title="Invite a user"
          intro="Panther emails them a temporary password; they choose their own when they first sign in."
          submitLabel="Send invitation"
          initial={{ givenName: '', familyName: '', email: '' }}
          saving={invite.isPending}
          saveError={invite.error}
          onSubmit={(values) => invite.mutate({ input: inviteInput(values) })}
          onClose={close}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserModal
          title={`Edit ${fullName(dialog.user)}`}
          intro="A changed email is the one they sign in with from then on."
          submitLabel="Save changes"
          initial={dialog.user}
          saving={update.isPending}
          saveError={update.error}
          onSubmit={(values) => {
            const input = updateInput(dialog.user.id, values, dialog.user);
            if (Object.keys(input).length === 1) close(); // nothing changed
            else update.mutate({ input });
          }}
          onClose={close}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ConfirmModal
          title={`Reset the password of ${fullName(dialog.user)}?`}
          confirmLabel="Reset password"
          busy={reset.isPending}
          error={reset.error}
          onConfirm={() => reset.mutate({ id: dialog.user.id })}
          onClose={close}
        >
          {dialog.user.email} will be emailed a code to choose a new password, and cannot sign in with the current one until then.
          A user who has not signed in yet is sent a new invitation instead.
        </ConfirmModal>
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmModal
          title={`Delete ${fullName(dialog.user)}?`}
          confirmLabel="Delete user"
          color="red"
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ id: dialog.user.id })}
          onClose={close}
        >
          {dialog.user.email} will no longer be able to sign in to Panther. You cannot delete your own user. This cannot be undone.
        </ConfirmModal>
      )}
    </>
  );
}
