// Forgotten password: Cognito emails a code, then the code and a new password reset it.
import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorState } from '../../components/states';
import { AuthLayout } from './AuthLayout';

export default function ForgotPasswordPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
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

  function onRequest(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await session.forgotPassword(email);
      setSent(true);
    });
  }

  function onReset(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await session.confirmForgotPassword(email, code, password);
      navigate('/sign-in/', { replace: true });
    });
  }

  return (
    <AuthLayout>
      <Paper component="form" onSubmit={sent ? onReset : onRequest} withBorder p="xl" radius="md" aria-labelledby="forgot-title">
        <Stack>
          <Title order={2} id="forgot-title">
            Reset your password
          </Title>
          {!sent ? (
            <>
              <Text c="dimmed" size="sm">
                We will email you a code to reset it.
              </Text>
              <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="username" autoFocus />
            </>
          ) : (
            <>
              <Text c="dimmed" size="sm">
                If {email} has an account, a code is on its way there. Enter it with your new password.
              </Text>
              <TextInput label="Code" value={code} onChange={(e) => setCode(e.currentTarget.value)} required autoComplete="one-time-code" autoFocus />
              <PasswordInput label="New password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="new-password" />
            </>
          )}
          {error != null && <ErrorState title="The password was not reset" error={error} />}
          <Button type="submit" loading={busy}>
            {sent ? 'Reset password' : 'Email me a code'}
          </Button>
          <Anchor component={Link} to="/sign-in/" size="sm">
            Back to sign-in
          </Anchor>
        </Stack>
      </Paper>
    </AuthLayout>
  );
}
