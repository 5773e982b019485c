// GET /api/v1/audit-events: every security-relevant flow over HTTP leaves its event — with the
// actor, target, client IP, User-Agent and X-Correlation-Id of the request that caused it, in
// order — and the trail's filters, paging and access rules. Runs on SQLite and PostgreSQL.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // order — and the trail's filters, paging and access rules.
// rampart:end
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  AdminToken,
  Api,
  DecodeJwt,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  ExpectValidation,
  kRfc3339Utc,
  kUuid,
  RegisterUser,  // rampart:only(iam)
  SignedInPrincipal,
  SignedInUser,  // rampart:only(iam)
  UniquePassword,  // rampart:only(iam)
} from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kAudit = '/api/v1/audit-events';
const kMaxFailures = 3;  // rampart:only(iam)
const kRun = randomBytes(4).toString('hex');  // keeps this run's correlation ids apart

let server;
let api;
let admin_token;

before(async () => {
  // rampart:begin(iam)
  server = await RampartServer.Start({
    env: { RAMPART_LOCKOUT_MAX_FAILURES: kMaxFailures, RAMPART_LOCKOUT_BASE_DURATION: '10m' },
  });
  // rampart:else
  // server = await RampartServer.Start();
  // rampart:end
  api = new Api(server.baseUrl);
  admin_token = await AdminToken(server);
});
after(async () => {
  if (server) await server.Stop();
});

async function Events(query, token = admin_token) {
  return ExpectJson(await api.Get(`${kAudit}?${new URLSearchParams(query)}`, { token }), 200);
}

// Every event matching `query`, newest first, read page by page (checking the paging on the way).
async function AllEvents(query) {
  const items = [];
  for (let page = 1; ; ++page) {
    const reply = await Events({ ...query, page, pageSize: 100 });
    assert.equal(reply.page, page);
    assert.equal(reply.pageSize, 100);
    items.push(...reply.items);
    if (reply.items.length < 100) {
      assert.equal(reply.total, items.length, 'total counts every matching event');
      return items;
    }
  }
}

// Drives requests that each carry their own User-Agent and X-Correlation-Id, and remembers the
// audit events each one must have left.
class Flow {
  constructor(name) {
    this.name = name;
    this.step = 0;
    this.expected = [];
  }
  // One request; returns [reply, origin] where origin is {userAgent, correlationId}.
  async Send(method, path, { json, token } = {}) {
    const origin = {
      userAgent: `audit-e2e/${this.name} step-${++this.step}`,
      correlationId: `audit-${kRun}-${this.name}-${this.step}`,
    };
    const reply = await api.Request(method, path, {
      json,
      token,
      headers: { 'user-agent': origin.userAgent, 'x-correlation-id': origin.correlationId },
    });
    assert.equal(reply.correlationId, origin.correlationId, 'the server keeps a valid X-Correlation-Id');
    return [reply, origin];
  }
  Expect(origin, event) {
    this.expected.push({ ...event, ...origin });
  }
}

function SessionOf(tokens) {
  return DecodeJwt(tokens.accessToken).payload.sid;
}

// Checks one event of the trail against what its request must have recorded.
function ExpectEvent(actual, expected) {
  const where = `${expected.action} (${expected.correlationId}): ${JSON.stringify(actual)}`;
  assert.deepEqual(Object.keys(actual).sort(),
    ['action', 'actorId', 'at', 'correlationId', 'details', 'id', 'ip', 'targetId', 'targetType', 'userAgent'], where);
  assert.match(actual.id, kUuid, where);
  assert.match(actual.at, kRfc3339Utc, where);
  assert.equal(actual.action, expected.action, where);
  assert.equal(actual.actorId, expected.actorId, where);
  assert.equal(actual.targetType, expected.targetType, where);
  assert.equal(actual.targetId, expected.targetId, where);
  assert.equal(actual.ip, '127.0.0.1', where);
  assert.equal(actual.userAgent, expected.userAgent, where);
  assert.equal(actual.correlationId, expected.correlationId, where);
  assert.equal(typeof actual.details, 'object', where);
  for (const [key, value] of Object.entries(expected.details ?? {})) {
    assert.deepEqual(actual.details[key], value, `details.${key} of ${where}`);
  }
}

// The events this flow's requests left (found by their correlation ids), oldest first; checks
// that the trail lists them newest first with non-increasing times.
async function TrailOf(flow, query) {
  const prefix = `audit-${kRun}-${flow.name}-`;
  const newest_first = (await AllEvents(query)).filter((event) => event.correlationId.startsWith(prefix));
  const times = newest_first.map((event) => Date.parse(event.at));
  for (let i = 1; i < times.length; ++i) assert.ok(times[i - 1] >= times[i], `newest first: ${newest_first[i - 1].at} before ${newest_first[i].at}`);
  return newest_first.reverse();
}

describe('audit events', () => {
  // rampart:begin(iam)
  it('records a lockout: each failure, then the lock, although the requests fail', async () => {
    const flow = new Flow('lockout');
    const [registered, origin] = await flow.Send('POST', '/api/v1/auth/register',
      { json: { email: `lockout-${kRun}@example.com`, password: UniquePassword(), displayName: 'Victim' } });
    const victim = ExpectJson(registered, 201);
    flow.Expect(origin, { action: 'user.created', actorId: victim.id, targetType: 'user', targetId: victim.id, details: { via: 'registration' } });

    for (let i = 1; i <= kMaxFailures; ++i) {
      const [reply, origin] = await flow.Send('POST', '/api/v1/auth/login', { json: { email: victim.email, password: `wrong-password-${i}` } });
      flow.Expect(origin, { action: 'auth.login.failed', actorId: null, targetType: 'user', targetId: victim.id, details: { reason: 'bad_password' } });
      if (i < kMaxFailures) {
        ExpectUnauthorized(reply);
      } else {
        ExpectProblem(reply, { status: 429, type: '/problems/locked' });
        flow.Expect(origin, { action: 'auth.lockout', actorId: null, targetType: 'user', targetId: victim.id, details: { failedLogins: kMaxFailures } });
      }
    }
    // Locked: the right password is refused too, and that attempt is recorded.
    const [locked, locked_origin] = await flow.Send('POST', '/api/v1/auth/login', { json: { email: victim.email, password: 'any-password-at-all' } });
    ExpectProblem(locked, { status: 429, type: '/problems/locked' });
    flow.Expect(locked_origin, { action: 'auth.login.failed', actorId: null, targetType: 'user', targetId: victim.id, details: { reason: 'locked_out' } });
    // An unknown address: a failure without a target.
    const [unknown, unknown_origin] = await flow.Send('POST', '/api/v1/auth/login', { json: { email: `nobody-${kRun}@example.com`, password: 'whatever-it-is' } });
    ExpectUnauthorized(unknown);
    flow.Expect(unknown_origin, { action: 'auth.login.failed', actorId: null, targetType: null, targetId: null, details: { reason: 'unknown_user' } });

    const trail = await TrailOf(flow, { from: new Date(Date.now() - 3600_000).toISOString() });
    assert.equal(trail.length, flow.expected.length, `trail: ${trail.map((event) => event.action)}`);
    trail.forEach((event, i) => ExpectEvent(event, flow.expected[i]));
    const lockout = trail.find((event) => event.action === 'auth.lockout');
    assert.match(lockout.details.lockedUntil, kRfc3339Utc);
    assert.ok(Date.parse(lockout.details.lockedUntil) > Date.parse(lockout.at));

    // The filters find the same events.
    const by_target = await AllEvents({ target: victim.id });
    assert.deepEqual(by_target.map((event) => event.id).reverse(), trail.filter((event) => event.targetId === victim.id).map((event) => event.id));
    const lockouts = await Events({ target: victim.id, action: 'auth.lockout' });
    assert.equal(lockouts.total, 1);
    assert.equal(lockouts.items[0].id, lockout.id);
  });

  it('records a user\'s sessions, refresh-token reuse, profile and password changes and logouts', async () => {
    const flow = new Flow('user');
    const password = UniquePassword();
    const [registered, origin] = await flow.Send('POST', '/api/v1/auth/register',
      { json: { email: `user-${kRun}@example.com`, password, displayName: 'Ada' } });
    const user = ExpectJson(registered, 201);
    const me = user.id;
    flow.Expect(origin, { action: 'user.created', actorId: me, targetType: 'user', targetId: me, details: { via: 'registration', roles: ['user'] } });

    const login = async (secret) => {
      const [reply, origin] = await flow.Send('POST', '/api/v1/auth/login', { json: { email: user.email, password: secret } });
      const tokens = ExpectJson(reply, 200);
      flow.Expect(origin, { action: 'auth.login.succeeded', actorId: me, targetType: 'session', targetId: SessionOf(tokens) });
      return tokens;
    };

    // A failure below the limit, then success.
    const [failed, failed_origin] = await flow.Send('POST', '/api/v1/auth/login', { json: { email: user.email, password: 'not-the-password' } });
    ExpectUnauthorized(failed);
    flow.Expect(failed_origin, { action: 'auth.login.failed', actorId: null, targetType: 'user', targetId: me, details: { reason: 'bad_password' } });
    const first = await login(password);

    // Refresh rotates (not audited); presenting the spent token again revokes the session.
    const [rotated] = await flow.Send('POST', '/api/v1/auth/refresh', { json: { refreshToken: first.refreshToken } });
    ExpectJson(rotated, 200);
    const [reused, reused_origin] = await flow.Send('POST', '/api/v1/auth/refresh', { json: { refreshToken: first.refreshToken } });
    ExpectUnauthorized(reused);
    flow.Expect(reused_origin, { action: 'auth.refresh.reused', actorId: null, targetType: 'session', targetId: SessionOf(first), details: { userId: me } });

    // Logout with a refresh token.
    const second = await login(password);
    const [logout, logout_origin] = await flow.Send('POST', '/api/v1/auth/logout', { json: { refreshToken: second.refreshToken } });
    assert.equal(logout.status, 204);
    flow.Expect(logout_origin, { action: 'auth.logout', actorId: me, targetType: 'session', targetId: SessionOf(second) });

    // Ending another session of one's own.
    const laptop = await login(password);
    const phone = await login(password);
    const [revoked, revoked_origin] = await flow.Send('DELETE', `/api/v1/users/me/sessions/${SessionOf(phone)}`, { token: laptop.accessToken });
    assert.equal(revoked.status, 204);
    flow.Expect(revoked_origin, { action: 'auth.session.revoked', actorId: me, targetType: 'session', targetId: SessionOf(phone) });

    // Profile change.
    const [patched, patched_origin] = await flow.Send('PATCH', '/api/v1/users/me', { json: { displayName: 'Countess' }, token: laptop.accessToken });
    ExpectJson(patched, 200);
    flow.Expect(patched_origin, { action: 'user.updated', actorId: me, targetType: 'user', targetId: me, details: { fields: ['displayName'] } });

    // Password change: a wrong current password is recorded, then the change itself.
    const new_password = UniquePassword();
    const [wrong, wrong_origin] = await flow.Send('POST', '/api/v1/users/me/password',
      { json: { currentPassword: 'not-my-password', newPassword: new_password }, token: laptop.accessToken });
    ExpectValidation(wrong, '/api/v1/users/me/password', ['currentPassword']);
    flow.Expect(wrong_origin, { action: 'user.password.change_failed', actorId: me, targetType: 'user', targetId: me, details: { reason: 'wrong_current_password' } });
    const [changed, changed_origin] = await flow.Send('POST', '/api/v1/users/me/password',
      { json: { currentPassword: password, newPassword: new_password }, token: laptop.accessToken });
    assert.equal(changed.status, 204);
    flow.Expect(changed_origin, { action: 'user.password.changed', actorId: me, targetType: 'user', targetId: me });

    // Logout everywhere.
    const fresh = await login(new_password);
    await login(new_password);
    const [all, all_origin] = await flow.Send('POST', '/api/v1/auth/logout-all', { token: fresh.accessToken });
    assert.equal(all.status, 204);
    flow.Expect(all_origin, { action: 'auth.logout_all', actorId: me, targetType: 'user', targetId: me, details: { sessions: 2 } });

    // The whole flow, in order, with the origin of each request.
    const trail = await TrailOf(flow, { from: new Date(Date.now() - 3600_000).toISOString() });
    assert.deepEqual(trail.map((event) => event.action), flow.expected.map((event) => event.action));
    trail.forEach((event, i) => ExpectEvent(event, flow.expected[i]));

    // Filters: by actor (what the user did), by action, by target, and combined.
    const mine = await AllEvents({ actor: me });
    assert.deepEqual(mine.map((event) => event.id).reverse(), trail.filter((event) => event.actorId === me).map((event) => event.id));
    const logins = await AllEvents({ actor: me, action: 'auth.login.succeeded' });
    assert.equal(logins.length, 6);
    assert.ok(logins.every((event) => event.action === 'auth.login.succeeded' && event.actorId === me));
    const about_me = await AllEvents({ target: me });
    assert.deepEqual(about_me.map((event) => event.id).reverse(), trail.filter((event) => event.targetId === me).map((event) => event.id));
    const reuse = await AllEvents({ action: 'auth.refresh.reused', target: SessionOf(first) });
    assert.equal(reuse.length, 1);
    assert.equal(reuse[0].correlationId, reused_origin.correlationId);
  });
  // rampart:else
  // it('records a note\'s life: the actor, target and origin of each request, in order', async () => {
  //   const flow = new Flow('notes');
  //   const owner = await SignedInPrincipal(server);
  //   const [created, created_origin] = await flow.Send('POST', '/api/v1/notes', { json: { title: 'Audit me' }, token: owner.token });
  //   const note = ExpectJson(created, 201);
  //   flow.Expect(created_origin, { action: 'note.created', actorId: owner.id, targetType: 'note', targetId: note.id });
  //   const path = `/api/v1/notes/${note.id}`;
  //   const [updated, updated_origin] = await flow.Send('PATCH', path, { json: { body: 'changed' }, token: owner.token });
  //   ExpectJson(updated, 200);
  //   flow.Expect(updated_origin, { action: 'note.updated', actorId: owner.id, targetType: 'note', targetId: note.id });
  //   const [deleted, deleted_origin] = await flow.Send('DELETE', path, { token: owner.token });
  //   assert.equal(deleted.status, 204, deleted.Describe());
  //   flow.Expect(deleted_origin, { action: 'note.deleted', actorId: owner.id, targetType: 'note', targetId: note.id });
  //   // A refused request leaves nothing.
  //   const [refused] = await flow.Send('POST', '/api/v1/notes', { json: { title: '' }, token: owner.token });
  //   assert.equal(refused.status, 422);
  //
  //   const trail = await TrailOf(flow, { from: new Date(Date.now() - 3600_000).toISOString() });
  //   assert.deepEqual(trail.map((event) => event.action), flow.expected.map((event) => event.action));
  //   trail.forEach((event, i) => ExpectEvent(event, flow.expected[i]));
  //   const mine = await AllEvents({ actor: owner.id });
  //   assert.deepEqual(mine.map((event) => event.id).reverse(), trail.map((event) => event.id));
  //   const about = await AllEvents({ target: note.id, action: 'note.updated' });
  //   assert.deepEqual(about.map((event) => event.id), [trail[1].id]);
  // });
  // rampart:end

  it('pages with a stable total and filters by an inclusive time range', async () => {
    // rampart:begin(iam)
    await SignedInUser(api);  // a few more events
    // rampart:else
    // const writer = await SignedInPrincipal(server);  // a few more events
    // for (const title of ['one', 'two', 'three']) {
    //   ExpectJson(await api.Post('/api/v1/notes', { title }, { token: writer.token }), 201);
    // }
    // rampart:end
    const all = await Events({ pageSize: 2 });
    assert.equal(all.page, 1);
    assert.equal(all.pageSize, 2);
    assert.equal(all.items.length, 2);
    assert.ok(all.total > 2);
    const second_page = await Events({ pageSize: 2, page: 2 });
    assert.equal(second_page.total, all.total);
    assert.equal(second_page.items.length, 2);
    const first_ids = new Set(all.items.map((event) => event.id));
    assert.ok(second_page.items.every((event) => !first_ids.has(event.id)), 'pages do not overlap');
    assert.ok(Date.parse(all.items[1].at) >= Date.parse(second_page.items[0].at));
    const beyond = await Events({ pageSize: 100, page: Math.ceil(all.total / 100) + 1 });
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, all.total);

    // The default page: 50.
    const default_page = await Events({});
    assert.equal(default_page.page, 1);
    assert.equal(default_page.pageSize, 50);

    assert.equal((await Events({ from: '2999-01-01T00:00:00Z' })).total, 0);
    assert.equal((await Events({ to: '2000-01-01T00:00:00Z' })).total, 0);
    assert.equal((await Events({ from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00+02:00' })).total, all.total);
    // Bounds are inclusive to the second: an event's own `at` finds it from both sides.
    const newest = all.items[0];
    const at_newest = await AllEvents({ from: newest.at, to: newest.at });
    assert.ok(at_newest.some((event) => event.id === newest.id));
    assert.ok(at_newest.every((event) => event.at === newest.at));
    // An offset names the same instant.
    const plus_one = new Date(Date.parse(newest.at) + 3600_000).toISOString().replace(/(\.\d+)?Z$/, '+01:00');
    assert.ok((await AllEvents({ from: plus_one, to: plus_one })).some((event) => event.id === newest.id), plus_one);
    // ...also with the `+` typed unencoded, as from a shell (form decoding makes it a space).
    const raw = ExpectJson(await api.Get(`${kAudit}?from=${plus_one}&to=${plus_one}`, { token: admin_token }), 200);
    assert.ok(raw.items.some((event) => event.id === newest.id), `unencoded ${plus_one}`);
  });

  it('names each bad query parameter with 422', async () => {
    ExpectValidation(await api.Get(`${kAudit}?page=0&pageSize=101&from=yesterday&to=2026-13-01T00:00:00Z`, { token: admin_token }),
      kAudit, ['from', 'page', 'pageSize', 'to']);
    ExpectValidation(await api.Get(`${kAudit}?pageSize=abc`, { token: admin_token }), kAudit, ['pageSize']);
    ExpectValidation(await api.Get(`${kAudit}?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`, { token: admin_token }), kAudit, ['to']);
    ExpectValidation(await api.Get(`${kAudit}?from=2026-01-01`, { token: admin_token }), kAudit, ['from']);
  });

  it('is for holders of audit.read only: 401 anonymous, 403 for a plain user', async () => {
    ExpectUnauthorized(await api.Get(kAudit), kAudit);
    ExpectUnauthorized(await api.Get(kAudit, { token: 'not-a-token' }), kAudit);
    const user = await SignedInPrincipal(server);
    ExpectProblem(await api.Get(kAudit, { token: user.token }), { status: 403, type: '/problems/forbidden', instance: kAudit });
    ExpectProblem(await api.Get(`${kAudit}?actor=${user.id}`, { token: user.token }), { status: 403, type: '/problems/forbidden' });
    // rampart:begin(iam)
    // rampart:else
    // // Another permission is not this one; a scope without it limits a token that has it.
    // const system = await SignedInPrincipal(server, { permissions: ['system.read'] });
    // ExpectProblem(await api.Get(kAudit, { token: system.token }), { status: 403, type: '/problems/forbidden', instance: kAudit });
    // const scoped = await server.issuer.ServiceToken({ perm: ['audit.read'], scope: 'system.read' });
    // ExpectProblem(await api.Get(kAudit, { token: scoped }), { status: 403, type: '/problems/forbidden', instance: kAudit });
    // const service = await server.issuer.ServiceToken({ perm: ['audit.read'], scope: 'audit.read' });
    // ExpectJson(await api.Get(kAudit, { token: service }), 200);
    // rampart:end
  });

  it('is documented in the OpenAPI document with its query parameters', async () => {
    const document = ExpectJson(await api.Get('/openapi.json'), 200);
    const operation = document.paths[kAudit].get;
    assert.equal(operation['x-required-permission'], 'audit.read');
    assert.deepEqual(operation.parameters.map((parameter) => parameter.name).sort(),
      ['action', 'actor', 'from', 'page', 'pageSize', 'target', 'to']);
    assert.ok(operation.parameters.every((parameter) => parameter.in === 'query'));
    assert.equal(operation.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/AuditEventPage');
  });
});
