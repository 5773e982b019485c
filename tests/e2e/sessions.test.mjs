// Sessions of the signed-in user over HTTP: list, revoke one, logout-all, and the immediate
// death of access tokens issued before a logout-all or a password change (token version).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  kRfc3339Utc,
  kUuid,
  RegisterUser,
  SignedInUser,
  UniquePassword,
} from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kSessions = '/api/v1/users/me/sessions';
const kLogoutAll = '/api/v1/auth/logout-all';
const kRefresh = '/api/v1/auth/refresh';
const kMe = '/api/v1/users/me';

let server;
let api;

before(async () => {
  server = await RampartServer.Start();
  api = new Api(server.baseUrl);
});
after(async () => {
  if (server) await server.Stop();
});

async function LoginAs(account, user_agent) {
  const reply = await api.Request('POST', '/api/v1/auth/login', {
    json: { email: account.email, password: account.password },
    headers: { 'user-agent': user_agent },
  });
  return ExpectJson(reply, 200);
}

describe('sessions', () => {
  it('lists the active sessions with the documented shape and the current flag', async () => {
    const account = await RegisterUser(api);
    const laptop = await LoginAs(account, 'e2e-laptop/1.0');
    const phone = await LoginAs(account, 'e2e-phone/2.0');
    const sessions = ExpectJson(await api.Get(kSessions, { token: phone.accessToken }), 200);
    assert.equal(sessions.length, 2);
    for (const session of sessions) {
      assert.deepEqual(Object.keys(session).sort(), ['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent']);
      assert.match(session.id, kUuid);
      assert.match(session.createdAt, kRfc3339Utc);
      assert.match(session.lastUsedAt, kRfc3339Utc);
      assert.equal(session.ip, '127.0.0.1');
    }
    const current = sessions.filter((session) => session.current);
    assert.equal(current.length, 1);
    assert.equal(current[0].userAgent, 'e2e-phone/2.0');
    assert.deepEqual(sessions.map((session) => session.userAgent).sort(), ['e2e-laptop/1.0', 'e2e-phone/2.0']);
    // The laptop sees the same two, with itself as current.
    const from_laptop = ExpectJson(await api.Get(kSessions, { token: laptop.accessToken }), 200);
    assert.equal(from_laptop.find((session) => session.current).userAgent, 'e2e-laptop/1.0');
  });

  it('revokes one session: its refresh and access tokens die at once, the other lives', async () => {
    const account = await RegisterUser(api);
    const laptop = await LoginAs(account, 'e2e-laptop/1.0');
    const phone = await LoginAs(account, 'e2e-phone/2.0');
    const sessions = ExpectJson(await api.Get(kSessions, { token: laptop.accessToken }), 200);
    const phone_session = sessions.find((session) => session.userAgent === 'e2e-phone/2.0');

    const reply = await api.Delete(`${kSessions}/${phone_session.id}`, { token: laptop.accessToken });
    assert.equal(reply.status, 204, reply.Describe());
    ExpectUnauthorized(await api.Get(kMe, { token: phone.accessToken }), kMe);
    ExpectUnauthorized(await api.Post(kRefresh, { refreshToken: phone.refreshToken }), kRefresh);
    const left = ExpectJson(await api.Get(kSessions, { token: laptop.accessToken }), 200);
    assert.deepEqual(left.map((session) => session.userAgent), ['e2e-laptop/1.0']);
    // Revoking it again, or an id that is not one of mine, is 404.
    const again = await api.Delete(`${kSessions}/${phone_session.id}`, { token: laptop.accessToken });
    ExpectProblem(again, { status: 404, type: '/problems/not-found' });
    const stranger = await SignedInUser(api);
    const theirs = ExpectJson(await api.Get(kSessions, { token: stranger.tokens.accessToken }), 200)[0];
    ExpectProblem(await api.Delete(`${kSessions}/${theirs.id}`, { token: laptop.accessToken }), { status: 404, type: '/problems/not-found' });
    ExpectJson(await api.Get(kMe, { token: stranger.tokens.accessToken }), 200);
  });

  it('needs a token', async () => {
    ExpectUnauthorized(await api.Get(kSessions), kSessions);
    ExpectUnauthorized(await api.Post(kLogoutAll, {}), kLogoutAll);
  });
});

describe('logout-all', () => {
  it('kills every access and refresh token issued before it, on every endpoint', async () => {
    const account = await RegisterUser(api);
    const first = await LoginAs(account, 'e2e-a');
    const second = await LoginAs(account, 'e2e-b');
    ExpectJson(await api.Get(kMe, { token: first.accessToken }), 200);

    const reply = await api.Post(kLogoutAll, undefined, { token: second.accessToken });
    assert.equal(reply.status, 204, reply.Describe());
    for (const tokens of [first, second]) {
      ExpectUnauthorized(await api.Get(kMe, { token: tokens.accessToken }), kMe);
      ExpectUnauthorized(await api.Get(kSessions, { token: tokens.accessToken }), kSessions);
      ExpectUnauthorized(await api.Post(kRefresh, { refreshToken: tokens.refreshToken }), kRefresh);
    }
    // A new login works and starts from a clean slate.
    const fresh = await LoginAs(account, 'e2e-c');
    const sessions = ExpectJson(await api.Get(kSessions, { token: fresh.accessToken }), 200);
    assert.deepEqual(sessions.map((session) => session.userAgent), ['e2e-c']);
  });
});

describe('password change', () => {
  it('kills access tokens issued before it, also on endpoints that do not load the user', async () => {
    const account = await SignedInUser(api);
    const other_device = await LoginAs(account, 'e2e-other');
    const new_password = UniquePassword();
    const reply = await api.Post('/api/v1/users/me/password',
      { currentPassword: account.password, newPassword: new_password }, { token: account.tokens.accessToken });
    assert.equal(reply.status, 204, reply.Describe());
    for (const token of [account.tokens.accessToken, other_device.accessToken]) {
      ExpectUnauthorized(await api.Get(kSessions, { token }), kSessions);
      ExpectUnauthorized(await api.Post(kLogoutAll, undefined, { token }), kLogoutAll);
    }
    const fresh = await LoginAs({ email: account.email, password: new_password }, 'e2e-new');
    ExpectJson(await api.Get(kSessions, { token: fresh.accessToken }), 200);
  });
});
