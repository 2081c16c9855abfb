// The users' documents and the rules of the user form, which mirror lambdas/users/validate.go.
import { gql } from '../../graphql/client';
import type { InviteUserInput, UpdateUserInput, User } from '../../graphql/schema';

export const usersKey = ['users'];

export type UserRow = Pick<User, 'id' | 'email' | 'givenName' | 'familyName' | 'createdAt' | 'status'>;

export const usersQuery = gql<{ users: UserRow[] }>(`
  query Users {
    users { id email givenName familyName createdAt status }
  }
`);

export const inviteUserMutation = gql<{ inviteUser: Pick<User, 'id'> }, { input: InviteUserInput }>(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) { id }
  }
`);

export const updateUserMutation = gql<{ updateUser: Pick<User, 'id'> }, { input: UpdateUserInput }>(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) { id }
  }
`);

export const resetUserPasswordMutation = gql<{ resetUserPassword: Pick<User, 'id' | 'status'> }, { id: string }>(`
  mutation ResetUserPassword($id: ID!) {
    resetUserPassword(id: $id) { id status }
  }
`);

export const deleteUserMutation = gql<{ deleteUser: boolean }, { id: string }>(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

export function fullName(u: Pick<User, 'givenName' | 'familyName' | 'email'>): string {
  return [u.givenName, u.familyName].filter(Boolean).join(' ') || u.email;
}

/** Cognito's UserStatus, as people say it. */
export function statusLabel(status: string): { label: string; color: string } {
  switch (status) {
    case 'CONFIRMED':
      return { label: 'Active', color: 'green' };
    case 'FORCE_CHANGE_PASSWORD':
      return { label: 'Invited', color: 'blue' };
    case 'RESET_REQUIRED':
      return { label: 'Password reset', color: 'yellow' };
    default:
      return { label: status, color: 'gray' };
  }
}

export interface UserFormValues {
  givenName: string;
  familyName: string;
  email: string;
}

const maxName = 100;
const maxEmail = 254;

function checkName(label: string, raw: string): string | undefined {
  const value = raw.trim();
  if (!value) return `${label} is required`;
  if ([...value].length > maxName) return `${label} must be at most ${maxName} characters`;
  if (/\p{Cc}/u.test(value)) return `${label} must be one line, without tabs`;
  return undefined;
}

export function validateUser(v: UserFormValues): Partial<Record<keyof UserFormValues, string>> {
  const errors: Partial<Record<keyof UserFormValues, string>> = {};
  const given = checkName('Given name', v.givenName);
  const family = checkName('Family name', v.familyName);
  if (given) errors.givenName = given;
  if (family) errors.familyName = family;
  const email = v.email.trim();
  if (!email) errors.email = 'Email is required: the invitation is sent there';
  else if (email.length > maxEmail) errors.email = `Email must be at most ${maxEmail} characters`;
  else if (!/^[^\s@<>]+@[^\s@<>[\]]+\.[^\s@<>]+$/.test(email)) errors.email = 'Email must be a single address such as ada@example.com';
  return errors;
}

export function inviteInput(v: UserFormValues): InviteUserInput {
  return { givenName: v.givenName.trim(), familyName: v.familyName.trim(), email: v.email.trim() };
}

/** An update of only the attributes that changed. */
export function updateInput(id: string, v: UserFormValues, saved: UserFormValues): UpdateUserInput {
  const input: UpdateUserInput = { id };
  for (const key of ['givenName', 'familyName', 'email'] as const) {
    if (v[key].trim() !== saved[key]) input[key] = v[key].trim();
  }
  return input;
}
