import { describe, expect, it } from 'vitest';
import { ApiError, gql, graphqlClient } from './client';

const query = gql<{ ping: string }, { n: number }>('query Ping($n: Int) { ping(n: $n) }');

function server(status: number, body: unknown) {
  const sent: { headers: Headers; body: unknown }[] = [];
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
  return { fetchFn, sent };
}

describe('graphqlClient', () => {
  it('sends the query and variables with the ID token, as AppSync user-pool auth wants', async () => {
    const { fetchFn, sent } = server(200, { data: { ping: 'pong' } });
    const request = graphqlClient({ endpoint: 'http://api/graphql', idToken: async () => 'id-token', fetchFn });
    expect(await request(query, { n: 1 })).toEqual({ ping: 'pong' });
    expect(sent[0].headers.get('Authorization')).toBe('id-token');
    expect(sent[0].body).toEqual({ query: query.query, variables: { n: 1 } });
  });

  it("turns GraphQL errors into one ApiError with the API's messages", async () => {
    const { fetchFn } = server(200, { data: null, errors: [{ message: 'id: is required' }, { message: 'second' }] });
    const request = graphqlClient({ endpoint: 'http://api/graphql', idToken: async () => 't', fetchFn });
    await expect(request(query, { n: 1 })).rejects.toThrow('id: is required; second');
  });

  it('ends the session on 401 without sending when signed out', async () => {
    let ended = 0;
    const { fetchFn, sent } = server(401, { errors: [{ message: 'Unauthorized' }] });
    const signedIn = graphqlClient({ endpoint: 'http://api/graphql', idToken: async () => 't', fetchFn, onUnauthorized: () => ended++ });
    const err = await signedIn(query, { n: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).unauthorized).toBe(true);
    const signedOut = graphqlClient({ endpoint: 'http://api/graphql', idToken: async () => null, fetchFn, onUnauthorized: () => ended++ });
    await expect(signedOut(query, { n: 1 })).rejects.toThrow(/sign in again/);
    expect(sent).toHaveLength(1);
    expect(ended).toBe(2);
  });
});
