// Credentials for programs, as an independent client uses them: a service account's client
// credentials grant (RFC 6749 §4.4) through `openid-client` against the discovery document, the
// token verified with `jose` against the JWKS (RFC 9068 `at+jwt`, `client_id`, `sub`); and API
// keys sent as `Authorization: Bearer` and as `X-API-Key`, revoked and limited to their owner's
// permissions. Runs on SQLite and PostgreSQL.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // permissions.
// rampart:end
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

import { Api, ExpectJson, ExpectProblem, Login, SignedInUser, kUuid } from './lib/client.mjs';
import { RecordSecret } from './lib/secrets.mjs';
import { RampartServer } from './lib/server.mjs';

let server;
let api;
let admin;  // the seeded administrator's access token
let discovery;
let jwks;
let role_counter = 0;

// A role with exactly these permissions (a fresh name each time).
async function Role(permissions) {
  const name = `machine-${++role_counter}-${Date.now()}`;
  ExpectJson(await api.Post('/api/v1/roles', { name, description: 'Machine credentials test.', permissions }, { token: admin }), 201);
  return name;
}

// A service account holding a role with `permissions`: the 201 body (with clientSecret).
async function ServiceAccount(permissions = ['users.read']) {
  const roles = [await Role(permissions)];
  const reply = await api.Post('/api/v1/service-accounts', { name: `robot-${++role_counter}-${Date.now()}`, roles }, { token: admin });
  const account = ExpectJson(reply, 201);
  assert.equal(reply.headers.get('cache-control'), 'no-store');
  return account;
}

// An openid-client configuration from the discovery document (plain HTTP on the loopback).
function Client(account, authentication) {
  return oidc.discovery(new URL(server.baseUrl), account.clientId, undefined, authentication(account.clientSecret), {
    execute: [oidc.allowInsecureRequests],
  });
}

// A raw token request (to see status and headers openid-client hides).
function TokenRequest(form, headers = {}) {
  return api.Request('POST', '/oauth/token', {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

function Basic(id, secret) {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

// The OAuth error a grant failed with. openid-client reports a 401 that carries a
// WWW-Authenticate challenge (RFC 6749 §5.2: invalid_client after HTTP Basic) as the challenge,
// with the response: its body still says the error.
async function ExpectOAuthError(promise, error) {
  let thrown;
  await assert.rejects(promise, (caught) => {
    thrown = caught;
    return true;
  });
  if (thrown instanceof oidc.WWWAuthenticateChallengeError) {
    assert.equal(thrown.status, 401);
    assert.equal(thrown.cause[0].scheme, 'basic');
    assert.equal((await thrown.response.json()).error, error);
  } else {
    assert.equal(thrown.error, error, `${thrown}`);
  }
}

// A signed-in user holding a role with `permissions` (besides `user`): {user, token}.
async function UserWith(permissions) {
  const account = await SignedInUser(api);
  const role = await Role(permissions);
  ExpectJson(await api.Request('PUT', `/api/v1/users/${account.user.id}/roles`, { json: { roles: ['user', role] }, token: admin }), 200);
  return { user: account.user, token: (await Login(api, account.email, account.password)).accessToken };
}

// A request authenticated by an API key, by the X-API-Key header or as a bearer token.
function WithKey(path, key, { header = 'x-api-key', method = 'GET' } = {}) {
  RecordSecret('API key (request)', key);
  const headers = header === 'x-api-key' ? { 'x-api-key': key } : { authorization: `Bearer ${key}` };
  return api.Request(method, path, { headers });
}

before(async () => {
  server = await RampartServer.Start({
    env: {
      RAMPART_RATE_LIMIT_IP_LIMIT: 1000000,
      RAMPART_RATE_LIMIT_USER_LIMIT: 1000000,
      // The keys' last use is written in batches; short here, so that the test sees it.
      RAMPART_API_KEYS_USAGE_FLUSH_INTERVAL: '100ms',
    },
  });
  api = new Api(server.baseUrl);
  admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
  discovery = ExpectJson(await api.Get('/.well-known/openid-configuration'), 200);
  jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
});
after(async () => {
  if (server) await server.Stop();
});

describe('client credentials (RFC 6749 §4.4)', () => {
  it('the discovery document names the token endpoint and what it supports', () => {
    assert.equal(discovery.token_endpoint, `${discovery.issuer}/oauth/token`);
    assert.deepEqual(discovery.grant_types_supported, ['client_credentials']);
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
  });

  for (const [label, authentication] of [['client_secret_basic', oidc.ClientSecretBasic], ['client_secret_post', oidc.ClientSecretPost]]) {
    it(`openid-client (${label}) gets an RFC 9068 token that jose verifies and the API honours`, async () => {
      const account = await ServiceAccount(['users.read']);
      assert.match(account.clientId, /^rpsa_[0-9A-Za-z]{20}$/);
      assert.match(account.clientSecret, /^rpcs_[0-9A-Za-z]{46}$/);
      const config = await Client(account, authentication);
      const tokens = await oidc.clientCredentialsGrant(config);
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.ok(tokens.expires_in > 0);
      assert.equal(tokens.refresh_token, undefined);
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
        algorithms: ['ES256'], issuer: discovery.issuer, audience: 'rampart', typ: 'at+jwt',
      });
      assert.equal(protectedHeader.typ, 'at+jwt');
      assert.equal(payload.sub, account.id);
      assert.equal(payload.client_id, account.clientId);
      assert.equal(payload.sid, undefined);
      assert.ok(payload.jti && payload.iat && payload.exp);

      ExpectJson(await api.Get('/api/v1/users', { token: tokens.access_token }), 200);
      // Self-service on a user account is for users.
      ExpectProblem(await api.Get('/api/v1/users/me', { token: tokens.access_token }), { status: 403, type: '/problems/forbidden' });
      // A permission the account lacks.
      ExpectProblem(await api.Get('/api/v1/audit-events', { token: tokens.access_token }), { status: 403, type: '/problems/forbidden' });
    });
  }

  it('a wrong secret, an unknown client and a disabled account are invalid_client (401, WWW-Authenticate, no-store)', async () => {
    const account = await ServiceAccount();
    const wrong = { ...account, clientSecret: `${account.clientSecret.slice(0, -1)}${account.clientSecret.endsWith('A') ? 'B' : 'A'}` };
    await ExpectOAuthError(oidc.clientCredentialsGrant(await Client(wrong, oidc.ClientSecretBasic)), 'invalid_client');
    const unknown = { ...account, clientId: 'rpsa_00000000000000000000' };
    await ExpectOAuthError(oidc.clientCredentialsGrant(await Client(unknown, oidc.ClientSecretPost)), 'invalid_client');

    const reply = await TokenRequest({ grant_type: 'client_credentials' }, { authorization: Basic(account.clientId, wrong.clientSecret) });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error, 'invalid_client');
    assert.match(reply.headers.get('www-authenticate'), /^Basic /);
    assert.equal(reply.headers.get('cache-control'), 'no-store');

    const issued = await oidc.clientCredentialsGrant(await Client(account, oidc.ClientSecretBasic));
    ExpectJson(await api.Patch(`/api/v1/service-accounts/${account.id}`, { disabled: true }, { token: admin }), 200);
    await ExpectOAuthError(oidc.clientCredentialsGrant(await Client(account, oidc.ClientSecretBasic)), 'invalid_client');
    // The token issued before the account was disabled stops at once.
    assert.equal((await api.Get('/api/v1/users', { token: issued.access_token })).status, 401);
  });

  it('scope: limited to the account\'s permissions, invalid_scope beyond them', async () => {
    const account = await ServiceAccount(['users.read', 'audit.read']);
    const config = await Client(account, oidc.ClientSecretBasic);
    await ExpectOAuthError(oidc.clientCredentialsGrant(config, { scope: 'users.read users.delete' }), 'invalid_scope');
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'audit.read' });
    assert.equal(tokens.scope, 'audit.read');
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: discovery.issuer, audience: 'rampart' });
    assert.equal(payload.scope, 'audit.read');
    ExpectJson(await api.Get('/api/v1/audit-events', { token: tokens.access_token }), 200);
    ExpectProblem(await api.Get('/api/v1/users', { token: tokens.access_token }), { status: 403, type: '/problems/forbidden' });
  });

  it('a rotated secret retires the old one and the tokens issued with it', async () => {
    const account = await ServiceAccount();
    const before_rotation = await oidc.clientCredentialsGrant(await Client(account, oidc.ClientSecretPost));
    const rotated = ExpectJson(await api.Post(`/api/v1/service-accounts/${account.id}/secret`, undefined, { token: admin }), 200);
    assert.notEqual(rotated.clientSecret, account.clientSecret);
    await ExpectOAuthError(oidc.clientCredentialsGrant(await Client(account, oidc.ClientSecretPost)), 'invalid_client');
    assert.equal((await api.Get('/api/v1/users', { token: before_rotation.access_token })).status, 401);
    const fresh = await oidc.clientCredentialsGrant(await Client({ ...account, clientSecret: rotated.clientSecret }, oidc.ClientSecretPost));
    ExpectJson(await api.Get('/api/v1/users', { token: fresh.access_token }), 200);
  });

  it('refuses other grants and malformed requests in OAuth\'s format', async () => {
    assert.equal((await TokenRequest({ grant_type: 'password', username: 'a', password: 'b' })).body.error, 'unsupported_grant_type');
    assert.equal((await TokenRequest({})).body.error, 'invalid_request');
    const json = await api.Post('/oauth/token', { grant_type: 'client_credentials' });
    assert.equal(json.status, 400);
    assert.equal(json.body.error, 'invalid_request');
  });
});

describe('API keys', () => {
  it('created once, used by both headers, revoked at once', async () => {
    const { user, token } = await UserWith(['users.read']);
    const created = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'laptop' }, { token }), 201);
    RecordSecret('API key (response)', created.key);
    assert.match(created.key, /^rp_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/);
    assert.match(created.id, kUuid);
    assert.equal(created.prefix, created.key.slice(0, 15));
    assert.equal(created.ownerId, user.id);

    for (const header of ['x-api-key', 'authorization']) {
      const me = ExpectJson(await WithKey('/api/v1/users/me', created.key, { header }), 200);
      assert.equal(me.id, user.id);
      ExpectJson(await WithKey('/api/v1/users', created.key, { header }), 200);
    }
    // Listed without the key; never shown again.
    const listed = ExpectJson(await api.Get('/api/v1/users/me/api-keys', { token }), 200);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].key, undefined);
    assert.equal(listed[0].active, true);

    assert.equal((await api.Delete(`/api/v1/users/me/api-keys/${created.id}`, { token })).status, 204);
    for (const header of ['x-api-key', 'authorization']) {
      assert.equal((await WithKey('/api/v1/users/me', created.key, { header })).status, 401);
    }
  });

  it('records the last use (time and IP) in batches', async () => {
    const { token } = await UserWith([]);
    const created = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'tracked' }, { token }), 201);
    RecordSecret('API key (response)', created.key);
    assert.equal(created.lastUsedAt, null);
    const before = Date.now() - 1000;
    ExpectJson(await WithKey('/api/v1/users/me', created.key), 200);
    // Written at the next flush (100 ms here): polled, bounded.
    let listed;
    for (let attempt = 0; attempt < 100; ++attempt) {
      listed = ExpectJson(await api.Get('/api/v1/users/me/api-keys', { token }), 200)[0];
      if (listed.lastUsedAt !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(listed.lastUsedAt !== null, 'lastUsedAt was never written');
    assert.ok(Date.parse(listed.lastUsedAt) >= before, listed.lastUsedAt);
    assert.equal(listed.lastUsedIp, '127.0.0.1');
  });

  it('a key with a wrong checksum, or made up, is refused', async () => {
    const { token } = await UserWith([]);
    const { key } = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'ci' }, { token }), 201);
    RecordSecret('API key (response)', key);
    const last = key.at(-1);
    const tampered = key.slice(0, -1) + (last === 'a' ? 'b' : 'a');
    const reply = await WithKey('/api/v1/users/me', tampered);
    assert.equal(reply.status, 401);
    assert.match(reply.headers.get('www-authenticate') ?? '', /invalid_token/);
    assert.equal((await WithKey('/api/v1/users/me', 'rp_000000000000_000000000000000000000000000000000000')).status, 401);
    // Both credentials at once: ambiguous, refused.
    const both = await api.Request('GET', '/api/v1/users/me', { token, headers: { 'x-api-key': key } });
    assert.equal(both.status, 401);
  });

  it('permissions never above the owner\'s: at creation, and after the owner loses a role', async () => {
    const { user, token } = await UserWith(['users.read']);
    ExpectProblem(await api.Post('/api/v1/users/me/api-keys', { name: 'greedy', permissions: ['audit.read'] }, { token }), { status: 403, type: '/problems/forbidden' });
    const limited = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'limited', permissions: [] }, { token }), 201);
    RecordSecret('API key (response)', limited.key);
    ExpectProblem(await WithKey('/api/v1/users', limited.key), { status: 403, type: '/problems/forbidden' });
    const full = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'full' }, { token }), 201);
    RecordSecret('API key (response)', full.key);
    ExpectJson(await WithKey('/api/v1/users', full.key), 200);
    ExpectJson(await api.Request('PUT', `/api/v1/users/${user.id}/roles`, { json: { roles: ['user'] }, token: admin }), 200);
    ExpectProblem(await WithKey('/api/v1/users', full.key), { status: 403, type: '/problems/forbidden' });
  });

  it('an expiry in the past is refused; a key cannot create keys', async () => {
    const { token } = await UserWith([]);
    const past = await api.Post('/api/v1/users/me/api-keys', { name: 'old', expiresAt: '2020-01-01T00:00:00Z' }, { token });
    assert.equal(past.status, 422);
    const created = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'future', expiresAt: '2099-01-01T00:00:00Z' }, { token }), 201);
    RecordSecret('API key (response)', created.key);
    assert.equal(created.expiresAt, '2099-01-01T00:00:00Z');
    RecordSecret('API key (request)', created.key);
    const child = await api.Request('POST', '/api/v1/users/me/api-keys', { json: { name: 'child' }, headers: { 'x-api-key': created.key } });
    assert.equal(child.status, 403);
  });

  it('service accounts hold keys too; an administrator lists and revokes them', async () => {
    const account = await ServiceAccount(['users.read']);
    const tokens = await oidc.clientCredentialsGrant(await Client(account, oidc.ClientSecretBasic));
    const created = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'robot' }, { token: tokens.access_token }), 201);
    RecordSecret('API key (response)', created.key);
    assert.equal(created.ownerType, 'service_account');
    ExpectJson(await WithKey('/api/v1/users', created.key), 200);
    const listed = ExpectJson(await api.Get(`/api/v1/service-accounts/${account.id}/api-keys`, { token: admin }), 200);
    assert.deepEqual(listed.map((key) => key.id), [created.id]);
    assert.equal((await api.Delete(`/api/v1/service-accounts/${account.id}/api-keys/${created.id}`, { token: admin })).status, 204);
    assert.equal((await WithKey('/api/v1/users', created.key)).status, 401);
  });

  it('an administrator lists and revokes a user\'s keys', async () => {
    const { user, token } = await UserWith(['users.read']);
    const created = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'desk' }, { token }), 201);
    RecordSecret('API key (response)', created.key);
    ExpectJson(await WithKey('/api/v1/users', created.key), 200);
    const listed = ExpectJson(await api.Get(`/api/v1/users/${user.id}/api-keys`, { token: admin }), 200);
    assert.deepEqual(listed.map((key) => key.id), [created.id]);
    assert.equal((await api.Delete(`/api/v1/users/${user.id}/api-keys/${created.id}`, { token: admin })).status, 204);
    assert.equal((await WithKey('/api/v1/users', created.key)).status, 401);
  });
});
