// Cognito's user pool API (JSON 1.1), called from the browser with the app client that has
// no secret: sign-in with the password, the new-password challenge of an invitation, token
// refresh, forgotten passwords and sign-out. These calls are unsigned, as AWS documents.

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Milliseconds since the epoch when the ID and access tokens expire. */
  expiresAt: number;
}

export type SignInResult =
  | { kind: 'signedIn'; tokens: Tokens }
  | { kind: 'newPasswordRequired'; session: string; username: string };

/** An error Cognito answered, with its type (NotAuthorizedException, ...) and message. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface AuthenticationResult {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

interface AuthResponse {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

export class CognitoClient {
  constructor(
    private readonly endpoint: string,
    private readonly clientId: string,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async signIn(username: string, password: string): Promise<SignInResult> {
    const out = await this.call<AuthResponse>('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: this.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return this.result(out, username);
  }

  async completeNewPassword(session: string, username: string, newPassword: string): Promise<SignInResult> {
    const out = await this.call<AuthResponse>('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: this.clientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
    });
    return this.result(out, username);
  }

  async refresh(refreshToken: string): Promise<Tokens> {
    const out = await this.call<AuthResponse>('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: this.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (!out.AuthenticationResult) {
      throw new CognitoError('NotAuthorizedException', 'The session has ended: sign in again.');
    }
    return tokensOf(out.AuthenticationResult, refreshToken);
  }

  async forgotPassword(username: string): Promise<void> {
    await this.call('ForgotPassword', { ClientId: this.clientId, Username: username });
  }

  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    await this.call('ConfirmForgotPassword', {
      ClientId: this.clientId,
      Username: username,
      ConfirmationCode: code,
      Password: newPassword,
    });
  }

  async changePassword(accessToken: string, previous: string, proposed: string): Promise<void> {
    await this.call('ChangePassword', {
      AccessToken: accessToken,
      PreviousPassword: previous,
      ProposedPassword: proposed,
    });
  }

  /** Ends every session of the user: their refresh tokens stop working. */
  async signOut(accessToken: string): Promise<void> {
    await this.call('GlobalSignOut', { AccessToken: accessToken });
  }

  private result(out: AuthResponse, username: string): SignInResult {
    if (out.AuthenticationResult) {
      return { kind: 'signedIn', tokens: tokensOf(out.AuthenticationResult) };
    }
    if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED' && out.Session) {
      return {
        kind: 'newPasswordRequired',
        session: out.Session,
        username: out.ChallengeParameters?.USER_ID_FOR_SRP ?? username,
      };
    }
    throw new CognitoError(
      'UnsupportedChallenge',
      `Cognito asked for ${out.ChallengeName ?? 'an unknown step'}, which this app does not offer yet.`,
    );
  }

  private async call<T = unknown>(operation: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new CognitoError('NetworkError', 'Cannot reach the sign-in service: check your connection and try again.');
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const rawType = String(parsed.__type ?? response.headers.get('x-amzn-errortype') ?? 'Error');
      const type = rawType.split('#').pop()!.split(':')[0];
      const message = String(parsed.message ?? parsed.Message ?? `Sign-in failed (${response.status}).`);
      throw new CognitoError(type, message);
    }
    return parsed as T;
  }
}

function tokensOf(result: AuthenticationResult, refreshToken?: string): Tokens {
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? refreshToken ?? '',
    expiresAt: Date.now() + result.ExpiresIn * 1000,
  };
}

/** The claims of a JWT's payload, unverified: for display only (the API verifies tokens). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}
