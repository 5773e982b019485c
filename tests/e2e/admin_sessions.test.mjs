// An administrator's view of another user's sessions (`sessions.manage`): list them, end them
// all at once (tokens die, the account stays usable), audited; 401/403/404 as problem+json and
// the no-escalation rule. Runs on SQLite and PostgreSQL.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // the no-escalation rule.
// rampart:end
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, ExpectProblem, ExpectUnauthorized, Login, RegisterUser, SignedInUser, kRfc3339Utc, kUuid } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

let server;
let api;
let admin;  // the seeded administrator's access token

before(async () => {
  server = await RampartServer.Start();
  api = new Api(server.baseUrl);
  admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
});
after(async () => {
  if (server) await server.Stop();
});

const SessionsOf = (id) => `/api/v1/users/${id}/sessions`;

async function LoginAs(account, user_agent) {
  const reply = await api.Request('POST', '/api/v1/auth/login', {
    json: { email: account.email, password: account.password },
    headers: { 'user-agent': user_agent },
  });
  return ExpectJson(reply, 200);
}

// A signed-in account whose only role holds exactly `permissions`.
async function TokenWithPermissions(permissions) {
  const role = ExpectJson(await api.Post('/api/v1/roles', {
    name: `sessions-${randomBytes(4).toString('hex')}`, description: 'Admin sessions e2e.', permissions,
  }, { token: admin }), 201);
  const account = await SignedInUser(api);
  ExpectJson(await api.Request('PUT', `/api/v1/users/${account.user.id}/roles`, { json: { roles: [role.name] }, token: admin }), 200);
  return (await Login(api, account.email, account.password)).accessToken;
}

describe('GET /api/v1/users/{id}/sessions', () => {
  it("lists another user's active sessions with the Session shape, newest first", async () => {
    const account = await RegisterUser(api);
    await LoginAs(account, 'e2e-laptop/1.0');
    await LoginAs(account, 'e2e-phone/2.0');
    const manager = await TokenWithPermissions(['sessions.manage']);
    const sessions = ExpectJson(await api.Get(SessionsOf(account.user.id), { token: manager }), 200);
    assert.equal(sessions.length, 2);
    for (const session of sessions) {
      assert.deepEqual(Object.keys(session).sort(), ['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent']);
      assert.match(session.id, kUuid);
      assert.match(session.createdAt, kRfc3339Utc);
      assert.equal(session.ip, '127.0.0.1');
      assert.equal(session.current, false, 'none of them is the caller\'s');
    }
    assert.deepEqual(sessions.map((s) => s.userAgent).sort(), ['e2e-laptop/1.0', 'e2e-phone/2.0']);
    assert.ok(sessions[0].createdAt >= sessions[1].createdAt, 'newest first');
  });

  it('is 401 without a token, 403 without sessions.manage, 404 for an unknown or deleted user', async () => {
    const target = await SignedInUser(api);
    ExpectUnauthorized(await api.Get(SessionsOf(target.user.id)), SessionsOf(target.user.id));
    ExpectProblem(await api.Get(SessionsOf(target.user.id), { token: target.tokens.accessToken }),
      { status: 403, type: '/problems/forbidden', instance: SessionsOf(target.user.id) });
    const reader = await TokenWithPermissions(['users.read']);
    ExpectProblem(await api.Get(SessionsOf(target.user.id), { token: reader }), { status: 403, type: '/problems/forbidden' });
    ExpectProblem(await api.Delete(SessionsOf(target.user.id), { token: reader }), { status: 403, type: '/problems/forbidden' });
    const manager = await TokenWithPermissions(['sessions.manage']);
    const unknown = SessionsOf(randomUUID());
    ExpectProblem(await api.Get(unknown, { token: manager }), { status: 404, type: '/problems/not-found', instance: unknown });
    ExpectProblem(await api.Delete(unknown, { token: manager }), { status: 404, type: '/problems/not-found', instance: unknown });
    ExpectProblem(await api.Get(SessionsOf('not-a-uuid'), { token: manager }), { status: 404, type: '/problems/not-found' });
    assert.equal((await api.Delete(`/api/v1/users/${target.user.id}`, { token: admin })).status, 204);
    ExpectProblem(await api.Get(SessionsOf(target.user.id), { token: manager }), { status: 404, type: '/problems/not-found' });
  });
});

describe('DELETE /api/v1/users/{id}/sessions', () => {
  it('ends every session: refresh and access tokens die at once, the user can sign in again, audited', async () => {
    const account = await RegisterUser(api);
    const laptop = await LoginAs(account, 'e2e-laptop/1.0');
    const phone = await LoginAs(account, 'e2e-phone/2.0');
    const bystander = await SignedInUser(api);
    const manager = await TokenWithPermissions(['sessions.manage']);

    const reply = await api.Delete(SessionsOf(account.user.id), { token: manager });
    assert.equal(reply.status, 204, reply.Describe());
    for (const tokens of [laptop, phone]) {
      ExpectUnauthorized(await api.Get('/api/v1/users/me', { token: tokens.accessToken }), '/api/v1/users/me');
      ExpectUnauthorized(await api.Post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }), '/api/v1/auth/refresh');
    }
    assert.deepEqual(ExpectJson(await api.Get(SessionsOf(account.user.id), { token: manager }), 200), []);
    ExpectJson(await api.Get('/api/v1/users/me', { token: bystander.tokens.accessToken }), 200);
    // Not a lock: the user signs in again.
    const again = await LoginAs(account, 'e2e-laptop/1.1');
    ExpectJson(await api.Get('/api/v1/users/me', { token: again.accessToken }), 200);

    const events = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action: 'user.sessions.revoked', target: account.user.id })}`, { token: admin }), 200);
    assert.equal(events.total, 1, JSON.stringify(events));
    const [event] = events.items;
    assert.equal(event.targetType, 'user');
    assert.deepEqual(event.details, { sessionsRevoked: 2 });
    const manager_id = ExpectJson(await api.Get('/api/v1/users/me', { token: manager }), 200).id;
    assert.equal(event.actorId, manager_id);

    // Nothing left to end: 204 again, nothing more recorded.
    assert.equal((await api.Delete(SessionsOf(bystander.user.id), { token: manager })).status, 204);
    assert.equal((await api.Delete(SessionsOf(bystander.user.id), { token: manager })).status, 204);
    const bystander_events = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action: 'user.sessions.revoked', target: bystander.user.id })}`, { token: admin }), 200);
    assert.equal(bystander_events.total, 1);
  });

  it("refuses (403) to end the sessions of a user who holds a permission the caller lacks", async () => {
    const manager = await TokenWithPermissions(['sessions.manage']);
    const admin_id = ExpectJson(await api.Get('/api/v1/users/me', { token: admin }), 200).id;
    ExpectProblem(await api.Delete(SessionsOf(admin_id), { token: manager }), { status: 403, type: '/problems/forbidden' });
    ExpectJson(await api.Get('/api/v1/users/me', { token: admin }), 200);
    // Reading them is not a change: allowed.
    ExpectJson(await api.Get(SessionsOf(admin_id), { token: manager }), 200);
    // A manager may end their own sessions too, the calling token's included.
    const manager_id = ExpectJson(await api.Get('/api/v1/users/me', { token: manager }), 200).id;
    const own = ExpectJson(await api.Get(SessionsOf(manager_id), { token: manager }), 200);
    assert.equal(own.filter((s) => s.current).length, 1, "the caller's own session is current");
    assert.equal((await api.Delete(SessionsOf(manager_id), { token: manager })).status, 204);
    ExpectUnauthorized(await api.Get('/api/v1/users/me', { token: manager }), '/api/v1/users/me');
  });
});
