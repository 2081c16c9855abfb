// The GraphQL client: POSTs to AppSync with the Cognito ID token, as AppSync's user-pool
// auth wants it. Queries are typed by the generated schema types (./schema.ts).

/** A typed GraphQL document: TData is what the query selects, TVars its variables. */
export interface Operation<TData, TVars> {
  query: string;
  /** Phantom fields: only their types matter. */
  __data?: TData;
  __vars?: TVars;
}

export function gql<TData, TVars = Record<string, never>>(query: string): Operation<TData, TVars> {
  return { query };
}

/** What the API answered instead of data: its messages, or the session having ended. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly unauthorized = false,
  ) {
    super(message);
  }
}

export interface GraphQLClientOptions {
  endpoint: string;
  idToken: () => Promise<string | null>;
  onUnauthorized?: () => void;
  fetchFn?: typeof fetch;
}

export type Request = <TData, TVars>(op: Operation<TData, TVars>, variables?: TVars) => Promise<TData>;

export function graphqlClient({ endpoint, idToken, onUnauthorized, fetchFn }: GraphQLClientOptions): Request {
  const doFetch = fetchFn ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return async <TData, TVars>(op: Operation<TData, TVars>, variables?: TVars): Promise<TData> => {
    const token = await idToken();
    if (!token) {
      onUnauthorized?.();
      throw new ApiError('Your session has ended: sign in again.', true);
    }
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: token },
        body: JSON.stringify({ query: op.query, variables: variables ?? {} }),
      });
    } catch {
      throw new ApiError('Cannot reach the Panther API: check your connection and try again.');
    }
    if (response.status === 401 || response.status === 403) {
      onUnauthorized?.();
      throw new ApiError('Your session has ended: sign in again.', true);
    }
    let body: { data?: TData | null; errors?: { message: string }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new ApiError(`The Panther API answered ${response.status} without a GraphQL response.`);
    }
    if (body.errors?.length) {
      throw new ApiError(body.errors.map((e) => e.message).join('; '));
    }
    if (body.data == null) {
      throw new ApiError(`The Panther API answered ${response.status} without data.`);
    }
    return body.data;
  };
}
