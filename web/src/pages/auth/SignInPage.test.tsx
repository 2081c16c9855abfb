import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import { CognitoClient } from '../../auth/cognito';
import { SessionProvider } from '../../auth/session';
import SignInPage from './SignInPage';

// A Cognito that invites: the temporary password gets the new-password challenge, the new
// password gets tokens. It records the targets it was called with.
function invitingCognito() {
  const targets: string[] = [];
  const idToken = `h.${btoa(JSON.stringify({ sub: 'u1', email: 'ada@example.com' }))}.s`;
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const target = new Headers(init?.headers).get('X-Amz-Target') ?? '';
    targets.push(target.split('.').pop()!);
    const body = JSON.parse(String(init?.body));
    if (target.endsWith('InitiateAuth') && body.AuthParameters.PASSWORD === 'wrong') {
      return new Response(JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }), { status: 400 });
    }
    if (target.endsWith('InitiateAuth')) {
      return new Response(JSON.stringify({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's', ChallengeParameters: { USER_ID_FOR_SRP: 'u1' } }));
    }
    return new Response(JSON.stringify({ AuthenticationResult: { IdToken: idToken, AccessToken: 'a', RefreshToken: 'r', ExpiresIn: 900 } }));
  }) as typeof fetch;
  return { client: new CognitoClient('http://cognito/', 'c', fetchFn), targets };
}

function renderSignIn(client: CognitoClient) {
  return render(
    <MantineProvider>
      <SessionProvider client={client}>
        <MemoryRouter initialEntries={['/sign-in/']}>
          <Routes>
            <Route path="/sign-in/" element={<SignInPage />} />
            <Route path="/" element={<h1>Signed in</h1>} />
          </Routes>
        </MemoryRouter>
      </SessionProvider>
    </MantineProvider>,
  );
}

describe('SignInPage', () => {
  beforeEach(() => localStorage.clear());

  it('takes an invited user from the temporary password to their own, then in', async () => {
    const { client, targets } = invitingCognito();
    renderSignIn(client);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'Temporary1!');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Choose your password' });

    await user.type(screen.getByLabelText(/^New password/, { selector: 'input' }), 'Mine-Passw0rd!');
    await user.type(screen.getByLabelText(/^Confirm new password/, { selector: 'input' }), 'Different-1!');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByText(/The two passwords differ/)).toBeTruthy();
    expect(targets).toEqual(['InitiateAuth']);

    await user.clear(screen.getByLabelText(/^Confirm new password/, { selector: 'input' }));
    await user.type(screen.getByLabelText(/^Confirm new password/, { selector: 'input' }), 'Mine-Passw0rd!');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    await screen.findByRole('heading', { name: 'Signed in' });
    expect(targets).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(JSON.parse(localStorage.getItem('panther.session')!).refreshToken).toBe('r');
  });

  it("shows Cognito's refusal and stays on the page", async () => {
    const { client } = invitingCognito();
    renderSignIn(client);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Incorrect username or password.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Sign in to Panther' })).toBeTruthy();
  });
});
