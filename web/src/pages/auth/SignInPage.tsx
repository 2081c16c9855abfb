// Sign-in: email and password; an invited user's first sign-in with the temporary password
// continues with choosing a new one (Cognito's NEW_PASSWORD_REQUIRED).
import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorState } from '../../components/states';
import { AuthLayout } from './AuthLayout';

export default function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const next = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<{ session: string; username: string } | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function onSignIn(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const result = await session.signIn(email, password);
      if (result.kind === 'newPasswordRequired') {
        setChallenge({ session: result.session, username: result.username });
      } else {
        navigate(next, { replace: true });
      }
    });
  }

  function onNewPassword(e: FormEvent) {
    e.preventDefault();
    if (newPassword !== confirm) {
      setError(new Error('The two passwords differ: type the same new password twice.'));
      return;
    }
    void run(async () => {
      await session.completeNewPassword(challenge!.session, challenge!.username, newPassword);
      navigate(next, { replace: true });
    });
  }

  if (challenge) {
    return (
      <AuthLayout>
        <Paper component="form" onSubmit={onNewPassword} withBorder p="xl" radius="md" aria-labelledby="new-password-title">
          <Stack>
            <Title order={2} id="new-password-title">
              Choose your password
            </Title>
            <Text c="dimmed" size="sm">
              You signed in with a temporary password. Choose the one you will use from now on: at least 12 characters,
              with upper and lower case letters, a digit and a symbol.
            </Text>
            <PasswordInput label="New password" value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} required autoComplete="new-password" autoFocus />
            <PasswordInput label="Confirm new password" value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} required autoComplete="new-password" />
            {error != null && <ErrorState title="The password was not set" error={error} />}
            <Button type="submit" loading={busy}>
              Set password and sign in
            </Button>
          </Stack>
        </Paper>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <Paper component="form" onSubmit={onSignIn} withBorder p="xl" radius="md" aria-labelledby="sign-in-title">
        <Stack>
          <Title order={2} id="sign-in-title">
            Sign in to Panther
          </Title>
          <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="username" autoFocus />
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="current-password" />
          {error != null && <ErrorState title="Sign-in failed" error={error} />}
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
          <Anchor component={Link} to="/password-forgot/" size="sm">
            Forgot your password?
          </Anchor>
        </Stack>
      </Paper>
    </AuthLayout>
  );
}
