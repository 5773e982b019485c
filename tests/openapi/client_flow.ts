// A client of rampart generated from its OpenAPI document, as a team would write one:
// openapi-typescript turned /openapi.json into `paths` (generated/schema.d.ts), openapi-fetch
// calls the API typed by them. tsc checks this file against the generated types (a renamed
// route, field or response schema fails the compile), then openapi.test.mjs runs it.
import createClient from 'openapi-fetch';

import type { components, paths } from './generated/schema.js';

type User = components['schemas']['User'];

export interface FlowResult {
  registered: User;
  me: User;
  tokenType: 'Bearer';
}

function Fail(step: string, response: Response, error: unknown): never {
  throw new Error(`${step}: HTTP ${response.status} ${JSON.stringify(error)}`);
}

// Register, log in, read the signed-in user: the three calls a new client makes first.
export async function RegisterLoginReadMe(
  baseUrl: string,
  account: { email: string; password: string; displayName: string },
): Promise<FlowResult> {
  const client = createClient<paths>({ baseUrl });

  const registered = await client.POST('/api/v1/auth/register', { body: account });
  if (!registered.data) Fail('register', registered.response, registered.error);

  const login = await client.POST('/api/v1/auth/login', {
    body: { email: account.email, password: account.password },
  });
  if (!login.data) Fail('login', login.response, login.error);
  // LoginResponse is oneOf TokenPair | SecondFactorChallenge: narrowed like any generated union.
  if (!('accessToken' in login.data)) throw new Error('login: a second factor was asked for');
  const tokens = login.data;

  const me = await client.GET('/api/v1/users/me', {
    headers: { Authorization: `${tokens.tokenType} ${tokens.accessToken}` },
  });
  if (!me.data) Fail('read me', me.response, me.error);

  return { registered: registered.data, me: me.data, tokenType: tokens.tokenType };
}
