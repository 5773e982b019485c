// The signed-in user's own resource: read, rename, change password (which ends every session).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  ExpectValidation,
  kRfc3339Utc,
  Login,
  SignedInUser,
  UniquePassword,
} from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kMe = '/api/v1/users/me';
const kPassword = '/api/v1/users/me/password';
const kLogin = '/api/v1/auth/login';
const kRefresh = '/api/v1/auth/refresh';

let server;
let api;

before(async () => {
  server = await RampartServer.Start();
  api = new Api(server.baseUrl);
});
after(async () => {
  if (server) await server.Stop();
});

describe('GET /users/me', () => {
  it('returns the signed-in user', async () => {
    const account = await SignedInUser(api, { displayName: 'Katherine Johnson' });
    const me = ExpectJson(await api.Get(kMe, { token: account.tokens.accessToken }), 200);
    assert.deepEqual(me, account.user);
  });

  it('returns each user their own record', async () => {
    const first = await SignedInUser(api);
    const second = await SignedInUser(api);
    assert.equal(ExpectJson(await api.Get(kMe, { token: first.tokens.accessToken }), 200).id, first.user.id);
    assert.equal(ExpectJson(await api.Get(kMe, { token: second.tokens.accessToken }), 200).id, second.user.id);
  });

  it('requires a bearer token', async () => {
    ExpectUnauthorized(await api.Get(kMe), kMe);
  });
});

describe('PATCH /users/me', () => {
  it('renames the user and persists it', async () => {
    const account = await SignedInUser(api);
    const reply = await api.Patch(kMe, { displayName: 'Dorothy Vaughan' }, { token: account.tokens.accessToken });
    const updated = ExpectJson(reply, 200);
    assert.equal(updated.displayName, 'Dorothy Vaughan');
    assert.equal(updated.id, account.user.id);
    assert.equal(updated.email, account.user.email);
    assert.equal(updated.createdAt, account.user.createdAt);
    assert.match(updated.updatedAt, kRfc3339Utc);
    assert.ok(Date.parse(updated.updatedAt) >= Date.parse(account.user.updatedAt));
    const me = ExpectJson(await api.Get(kMe, { token: account.tokens.accessToken }), 200);
    assert.equal(me.displayName, 'Dorothy Vaughan');
  });

  it('rejects an invalid display name with 422', async () => {
    const account = await SignedInUser(api);
    for (const displayName of ['', '  ', 'x'.repeat(101), 'line\nbreak']) {
      ExpectValidation(await api.Patch(kMe, { displayName }, { token: account.tokens.accessToken }), kMe, ['displayName']);
    }
    const me = ExpectJson(await api.Get(kMe, { token: account.tokens.accessToken }), 200);
    assert.equal(me.displayName, account.user.displayName, 'a rejected update changed the user');
  });

  it('cannot change e-mail, roles or flags', async () => {
    const account = await SignedInUser(api);
    const reply = await api.Patch(kMe, {
      displayName: 'Still Me', email: 'takeover@example.com', roles: ['admin'], locked: false, emailVerified: true,
    }, { token: account.tokens.accessToken });
    // Refusing unknown members is fine too; silently applying them is not.
    assert.ok([200, 400, 422].includes(reply.status), reply.Describe());
    const me = ExpectJson(await api.Get(kMe, { token: account.tokens.accessToken }), 200);
    assert.equal(me.email, account.user.email);
    assert.deepEqual(me.roles, ['user']);
    assert.equal(me.emailVerified, false);
    await Login(api, account.email, account.password);
  });

  it('requires a bearer token', async () => {
    ExpectUnauthorized(await api.Patch(kMe, { displayName: 'Anon' }), kMe);
  });
});

describe('POST /users/me/password', () => {
  it('refuses a wrong current password with 422 on currentPassword', async () => {
    const account = await SignedInUser(api);
    const reply = await api.Post(kPassword, { currentPassword: `${account.password}-wrong`, newPassword: UniquePassword() }, { token: account.tokens.accessToken });
    ExpectValidation(reply, kPassword, ['currentPassword']);
    await Login(api, account.email, account.password); // unchanged
  });

  it('locks the account after repeated wrong current passwords and ends its sessions at once', async () => {
    // Someone holding an access token guesses the password: counted like failed logins (5 by
    // default), the failure that locks answers 429 `locked`, and the tokens stop working.
    const account = await SignedInUser(api);
    const other_session = await Login(api, account.email, account.password);
    const bystander = await SignedInUser(api);
    const Guess = (i) => api.Post(kPassword, { currentPassword: `guess-${i}-xxxxxxxx`, newPassword: UniquePassword() }, { token: account.tokens.accessToken });
    for (let i = 1; i < 5; ++i) ExpectValidation(await Guess(i), kPassword, ['currentPassword']);
    const locked = await Guess(5);
    ExpectProblem(locked, { status: 429, type: '/problems/locked', instance: kPassword });
    const retry_after = Number(locked.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry_after) && retry_after >= 1 && retry_after <= 60, `Retry-After ${locked.headers.get('retry-after')}`);

    for (const tokens of [account.tokens, other_session]) {
      ExpectUnauthorized(await api.Get(kMe, { token: tokens.accessToken }), kMe);
      ExpectProblem(await api.Post(kRefresh, { refreshToken: tokens.refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    }
    // Guessing on is pointless: the session is gone, and signing in is locked out too.
    ExpectUnauthorized(await Guess(6), kPassword);
    ExpectProblem(await api.Post(kLogin, { email: account.email, password: account.password }), { status: 429, type: '/problems/locked', instance: kLogin });
    // Another user is untouched.
    ExpectJson(await api.Get(kMe, { token: bystander.tokens.accessToken }), 200);
  });

  it('refuses a weak new password with 422 on newPassword', async () => {
    const account = await SignedInUser(api);
    for (const newPassword of ['short', 'z'.repeat(129), `x-${account.email.split('@')[0]}-x`]) {
      const reply = await api.Post(kPassword, { currentPassword: account.password, newPassword }, { token: account.tokens.accessToken });
      ExpectValidation(reply, kPassword, ['newPassword']);
    }
    await Login(api, account.email, account.password); // unchanged
  });

  it('names missing fields with 422', async () => {
    const account = await SignedInUser(api);
    ExpectValidation(await api.Post(kPassword, {}, { token: account.tokens.accessToken }), kPassword, ['currentPassword', 'newPassword']);
  });

  it('requires a bearer token', async () => {
    ExpectUnauthorized(await api.Post(kPassword, { currentPassword: 'whatever-123', newPassword: UniquePassword() }), kPassword);
  });

  it('changes the password and revokes every session of the user', async () => {
    const account = await SignedInUser(api);
    const other_session = await Login(api, account.email, account.password);
    const bystander = await SignedInUser(api);
    const new_password = UniquePassword();

    const reply = await api.Post(kPassword, { currentPassword: account.password, newPassword: new_password }, { token: account.tokens.accessToken });
    assert.equal(reply.status, 204, reply.Describe());
    assert.equal(reply.text, '');

    for (const tokens of [account.tokens, other_session]) {
      ExpectUnauthorized(await api.Get(kMe, { token: tokens.accessToken }), kMe);
      ExpectProblem(await api.Post(kRefresh, { refreshToken: tokens.refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    }
    ExpectProblem(await api.Post(kLogin, { email: account.email, password: account.password }), { status: 401, type: '/problems/unauthorized', instance: kLogin });
    const fresh = await Login(api, account.email, new_password);
    ExpectJson(await api.Get(kMe, { token: fresh.accessToken }), 200);

    // Another user's sessions are untouched.
    ExpectJson(await api.Get(kMe, { token: bystander.tokens.accessToken }), 200);
    ExpectJson(await api.Post(kRefresh, { refreshToken: bystander.tokens.refreshToken }), 200);
  });
});
