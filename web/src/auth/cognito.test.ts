import { describe, expect, it } from 'vitest';
import { claimsOf, CognitoClient, CognitoError } from './cognito';

// answers is a fetch that answers each call with the next of the given responses, recording
// what was sent: Cognito's wire format is the contract under test.
function answers(...responses: { status?: number; body: unknown; headers?: Record<string, string> }[]) {
  const sent: { target: string; body: Record<string, unknown> }[] = [];
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    sent.push({ target: headers.get('X-Amz-Target') ?? '', body: JSON.parse(String(init?.body)) });
    const next = responses.shift()!;
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200, headers: next.headers });
  }) as typeof fetch;
  return { fetchFn, sent };
}

const tokens = { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 900 };

describe('CognitoClient', () => {
  it('signs in with USER_PASSWORD_AUTH and keeps the tokens', async () => {
    const { fetchFn, sent } = answers({ body: { AuthenticationResult: tokens } });
    const result = await new CognitoClient('http://cognito/', 'client-1', fetchFn).signIn('ada@example.com', 'pw');
    expect(sent[0].target).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(sent[0].body).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'client-1',
      AuthParameters: { USERNAME: 'ada@example.com', PASSWORD: 'pw' },
    });
    expect(result.kind).toBe('signedIn');
    if (result.kind === 'signedIn') {
      expect(result.tokens.refreshToken).toBe('refresh');
      expect(result.tokens.expiresAt).toBeGreaterThan(Date.now());
    }
  });

  it('continues an invitation with the new-password challenge, as the user Cognito names', async () => {
    const { fetchFn, sent } = answers(
      { body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's1', ChallengeParameters: { USER_ID_FOR_SRP: 'uuid-1' } } },
      { body: { AuthenticationResult: tokens } },
    );
    const client = new CognitoClient('http://cognito/', 'client-1', fetchFn);
    const first = await client.signIn('ada@example.com', 'temporary');
    expect(first).toEqual({ kind: 'newPasswordRequired', session: 's1', username: 'uuid-1' });
    await client.completeNewPassword('s1', 'uuid-1', 'New-Passw0rd!');
    expect(sent[1].target).toBe('AWSCognitoIdentityProviderService.RespondToAuthChallenge');
    expect(sent[1].body).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 's1',
      ChallengeResponses: { USERNAME: 'uuid-1', NEW_PASSWORD: 'New-Passw0rd!' },
    });
  });

  it('reports Cognito errors by their type and message', async () => {
    const { fetchFn } = answers({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
    const err = await new CognitoClient('http://cognito/', 'c', fetchFn).signIn('a@b.c', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CognitoError);
    expect((err as CognitoError).type).toBe('NotAuthorizedException');
    expect((err as CognitoError).message).toBe('Incorrect username or password.');
  });

  it('refuses a challenge it does not offer, naming it', async () => {
    const { fetchFn } = answers({ body: { ChallengeName: 'SMS_MFA', Session: 's' } });
    await expect(new CognitoClient('http://cognito/', 'c', fetchFn).signIn('a@b.c', 'x')).rejects.toThrow(/SMS_MFA/);
  });

  it('keeps the refresh token on refresh, which Cognito does not send again', async () => {
    const { fetchFn, sent } = answers({ body: { AuthenticationResult: { IdToken: 'id2', AccessToken: 'a2', ExpiresIn: 900 } } });
    const next = await new CognitoClient('http://cognito/', 'c', fetchFn).refresh('refresh-1');
    expect(sent[0].body).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'refresh-1' } });
    expect(next.idToken).toBe('id2');
    expect(next.refreshToken).toBe('refresh-1');
  });
});

describe('claimsOf', () => {
  it('reads a JWT payload, base64url with UTF-8', () => {
    const payload = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ sub: 'u1', given_name: 'Zoë' }))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(claimsOf(`h.${payload}.s`)).toEqual({ sub: 'u1', given_name: 'Zoë' });
    expect(claimsOf('not a token')).toEqual({});
  });
});
