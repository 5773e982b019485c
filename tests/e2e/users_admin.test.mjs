// User administration over HTTP (/api/v1/users, /api/v1/users/{id}*): list with search, role,
// sort and paging; create, read, update, soft delete, lock/unlock, roles; the permissions each
// needs; immediate effect on tokens; the last-administrator guard; the audit events. Runs on  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // needs; immediate effect on tokens; the last-administrator guard; the audit events.
// rampart:end
// SQLite and PostgreSQL.  // rampart:only(sqlite)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  ExpectValidation,
  kRfc3339Utc,
  kUuid,
  Login,
  SignedInUser,
  UniqueEmail,
  UniquePassword,
} from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kUsers = '/api/v1/users';
const kMaxFailures = 3;

let server;
let api;
let admin;  // token of the seeded administrator

before(async () => {
  server = await RampartServer.Start({
    env: { RAMPART_LOCKOUT_MAX_FAILURES: kMaxFailures, RAMPART_LOCKOUT_BASE_DURATION: '10m' },
  });
  api = new Api(server.baseUrl);
  admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
});
after(async () => {
  if (server) await server.Stop();
});

function Put(path, json, token) {
  return api.Request('PUT', path, { json, token });
}

// Creates a user as the administrator (asserting 201): {email, password, displayName, user}.
async function CreateUser(overrides = {}, token = admin) {
  const account = { email: UniqueEmail('admin-made'), password: UniquePassword(), displayName: 'Made By Admin', ...overrides };
  const reply = await api.Post(kUsers, account, { token });
  const user = ExpectJson(reply, 201);
  assert.equal(reply.headers.get('location'), `${kUsers}/${user.id}`);
  return { ...account, user };
}

async function List(query, token = admin) {
  return ExpectJson(await api.Get(`${kUsers}?${new URLSearchParams(query)}`, { token }), 200);
}

async function AuditOf(action, target) {
  const page = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action, target })}`, { token: admin }), 200);
  return page.items;
}

describe('GET /users', () => {
  it('searches e-mail and display name case-insensitively, sorts, pages and totals', async () => {
    const tag = `tag${randomBytes(4).toString('hex')}`;
    const made = [];
    for (const name of ['Charlie', 'alice', 'Bob']) {
      made.push(await CreateUser({ displayName: `${name} ${tag.toUpperCase()}` }));
    }
    made.push(await CreateUser({ email: `${tag}@example.org`, displayName: 'Zoe Address' }));

    const all = await List({ search: tag });
    assert.equal(all.total, 4);
    assert.equal(all.page, 1);
    assert.equal(all.pageSize, 20);
    // Default order: newest first, ties (the same second) broken by id, descending too.
    assert.deepEqual(all.items.map((user) => user.id).sort(), made.map((m) => m.user.id).sort());
    const newest_first = [...all.items].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : (a.createdAt < b.createdAt ? 1 : -1));
    assert.deepEqual(all.items, newest_first, 'default: newest first');
    for (const user of all.items) {
      assert.match(user.id, kUuid);
      assert.match(user.createdAt, kRfc3339Utc);
      assert.deepEqual(user.roles, ['user']);
      assert.equal(user.locked, false);
      assert.equal('passwordHash' in user || 'password' in user, false);
    }

    const by_name = await List({ search: tag, sort: 'displayName' });
    assert.deepEqual(by_name.items.map((user) => user.displayName.split(' ')[0]), ['alice', 'Bob', 'Charlie', 'Zoe']);
    const by_name_desc = await List({ search: tag, sort: '-displayName' });
    assert.deepEqual(by_name_desc.items.map((user) => user.displayName.split(' ')[0]), ['Zoe', 'Charlie', 'Bob', 'alice']);

    const second = await List({ search: tag, sort: 'displayName', page: 2, pageSize: 3 });
    assert.equal(second.total, 4);
    assert.equal(second.page, 2);
    assert.equal(second.pageSize, 3);
    assert.deepEqual(second.items.map((user) => user.displayName.split(' ')[0]), ['Zoe']);
    const beyond = await List({ search: tag, page: 9, pageSize: 3 });
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, 4);

    assert.equal((await List({ search: '%' })).total, 0, 'wildcards are literal');
  });

  it('filters by role', async () => {
    const admins = await List({ role: 'admin', pageSize: 100 });
    assert.ok(admins.items.some((user) => user.email === 'admin@localhost'));
    for (const user of admins.items) assert.ok(user.roles.includes('admin'));
    assert.equal((await List({ role: 'no-such-role' })).total, 0);
  });

  it('names every bad parameter in one 422', async () => {
    const reply = await api.Get(`${kUsers}?page=0&pageSize=101&sort=password`, { token: admin });
    ExpectValidation(reply, kUsers, ['page', 'pageSize', 'sort']);
    ExpectValidation(await api.Get(`${kUsers}?pageSize=x`, { token: admin }), kUsers, ['pageSize']);
    ExpectValidation(await api.Get(`${kUsers}?search=${'a'.repeat(101)}`, { token: admin }), kUsers, ['search']);
  });
});

describe('access', () => {
  it('needs a token and the permission of each endpoint', async () => {
    const plain = await SignedInUser(api);
    const token = plain.tokens.accessToken;
    const id = plain.user.id;
    ExpectUnauthorized(await api.Get(kUsers), kUsers);
    const forbidden = [
      ['GET', kUsers], ['POST', kUsers], ['GET', `${kUsers}/${id}`], ['PATCH', `${kUsers}/${id}`],
      ['DELETE', `${kUsers}/${id}`], ['POST', `${kUsers}/${id}/lock`], ['POST', `${kUsers}/${id}/unlock`],
      ['GET', `${kUsers}/${id}/roles`], ['PUT', `${kUsers}/${id}/roles`],
    ];
    for (const [method, path] of forbidden) {
      const json = method === 'GET' || method === 'DELETE' ? undefined : { roles: ['admin'] };
      ExpectProblem(await api.Request(method, path, { json, token }), { status: 403, type: '/problems/forbidden', instance: path });
    }
    const me = ExpectJson(await api.Get('/api/v1/users/me', { token }), 200);
    assert.deepEqual(me.roles, ['user'], 'a refused PUT changed nothing');
  });
});

describe('POST /users and GET /users/{id}', () => {
  it('creates a user who can sign in, with the policy and conflicts enforced', async () => {
    const made = await CreateUser({ displayName: 'Grace Hopper', emailVerified: true });
    assert.equal(made.user.email, made.email);
    assert.equal(made.user.emailVerified, true);
    assert.deepEqual(made.user.roles, ['user']);
    assert.deepEqual(ExpectJson(await api.Get(`${kUsers}/${made.user.id}`, { token: admin }), 200), made.user);
    await Login(api, made.email, made.password);

    const created = await AuditOf('user.created', made.user.id);
    assert.equal(created.length, 1);
    assert.deepEqual(created[0].details, { via: 'admin', roles: ['user'] });

    ExpectProblem(await api.Post(kUsers, { email: made.email.toUpperCase(), password: UniquePassword(), displayName: 'Dup' }, { token: admin }),
      { status: 409, type: '/problems/conflict', instance: kUsers });
    ExpectValidation(await api.Post(kUsers, { email: 'nope', password: 'short', displayName: '', roles: 'admin' }, { token: admin }),
      kUsers, ['email', 'password', 'displayName', 'roles']);
    ExpectValidation(await api.Post(kUsers, { email: UniqueEmail(), password: UniquePassword(), displayName: 'X', roles: ['no-such-role'] }, { token: admin }),
      kUsers, ['roles']);
  });

  it('answers 404 for unknown, malformed and deleted ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      ExpectProblem(await api.Get(`${kUsers}/${id}`, { token: admin }), { status: 404, type: '/problems/not-found', instance: `${kUsers}/${id}` });
    }
  });
});

describe('PATCH /users/{id}', () => {
  it('changes the fields present; a new address is unverified', async () => {
    const made = await CreateUser({ emailVerified: true });
    const path = `${kUsers}/${made.user.id}`;
    const renamed = ExpectJson(await api.Patch(path, { displayName: 'Renamed' }, { token: admin }), 200);
    assert.equal(renamed.displayName, 'Renamed');
    assert.equal(renamed.emailVerified, true);
    const new_email = UniqueEmail('moved');
    const moved = ExpectJson(await api.Patch(path, { email: new_email }, { token: admin }), 200);
    assert.equal(moved.email, new_email);
    assert.equal(moved.emailVerified, false);
    await Login(api, new_email, made.password);
    const verified = ExpectJson(await api.Patch(path, { emailVerified: true }, { token: admin }), 200);
    assert.equal(verified.emailVerified, true);
    const updates = await AuditOf('user.updated', made.user.id);
    assert.deepEqual(updates.map((event) => event.details.fields), [['emailVerified'], ['email', 'emailVerified'], ['displayName']]);

    const other = await CreateUser();
    ExpectProblem(await api.Patch(path, { email: other.email }, { token: admin }), { status: 409, type: '/problems/conflict', instance: path });
    ExpectValidation(await api.Patch(path, { email: 'bad', displayName: '', emailVerified: 'yes' }, { token: admin }), path,
      ['email', 'displayName', 'emailVerified']);
  });
});

describe('DELETE /users/{id}', () => {
  it('ends sign-in and tokens at once and frees the address', async () => {
    const victim = await SignedInUser(api);
    const token = victim.tokens.accessToken;
    ExpectJson(await api.Get('/api/v1/users/me', { token }), 200);
    const path = `${kUsers}/${victim.user.id}`;
    assert.equal((await api.Delete(path, { token: admin })).status, 204);
    ExpectUnauthorized(await api.Get('/api/v1/users/me', { token }), '/api/v1/users/me');
    assert.equal((await api.Post('/api/v1/auth/login', { email: victim.email, password: victim.password })).status, 401);
    assert.equal((await api.Post('/api/v1/auth/refresh', { refreshToken: victim.tokens.refreshToken })).status, 401);
    ExpectProblem(await api.Get(path, { token: admin }), { status: 404, type: '/problems/not-found', instance: path });
    ExpectProblem(await api.Delete(path, { token: admin }), { status: 404, type: '/problems/not-found', instance: path });
    assert.equal((await List({ search: victim.email })).total, 0);
    const again = await CreateUser({ email: victim.email });
    assert.notEqual(again.user.id, victim.user.id);
    const deleted = await AuditOf('user.deleted', victim.user.id);
    assert.equal(deleted.length, 1);
    assert.deepEqual(deleted[0].details, { sessionsRevoked: 1 });
  });
});

describe('POST /users/{id}/lock and /unlock', () => {
  it('lock stops tokens at once and sign-in; unlock lets the user sign in again', async () => {
    const user = await SignedInUser(api);
    const path = `${kUsers}/${user.user.id}`;
    const locked = ExpectJson(await api.Post(`${path}/lock`, {}, { token: admin }), 200);
    assert.equal(locked.locked, true);
    ExpectUnauthorized(await api.Get('/api/v1/users/me', { token: user.tokens.accessToken }), '/api/v1/users/me');
    assert.equal((await api.Post('/api/v1/auth/login', { email: user.email, password: user.password })).status, 401);
    assert.equal(ExpectJson(await api.Post(`${path}/lock`, {}, { token: admin }), 200).locked, true, 'idempotent');
    assert.equal((await AuditOf('user.locked', user.user.id)).length, 1);

    const unlocked = ExpectJson(await api.Post(`${path}/unlock`, {}, { token: admin }), 200);
    assert.equal(unlocked.locked, false);
    ExpectUnauthorized(await api.Get('/api/v1/users/me', { token: user.tokens.accessToken }), '/api/v1/users/me');
    await Login(api, user.email, user.password);
    const unlocks = await AuditOf('user.unlocked', user.user.id);
    assert.equal(unlocks.length, 1);
    assert.equal(unlocks[0].details.wasLocked, true);
  });

  it('unlock clears a brute-force lockout', async () => {
    const user = await SignedInUser(api);
    for (let i = 0; i < kMaxFailures; ++i) {
      await api.Post('/api/v1/auth/login', { email: user.email, password: `wrong-${i}-${UniquePassword()}` });
    }
    const refused = await api.Post('/api/v1/auth/login', { email: user.email, password: user.password });
    ExpectProblem(refused, { status: 429, type: '/problems/locked' });
    ExpectJson(await api.Post(`${kUsers}/${user.user.id}/unlock`, {}, { token: admin }), 200);
    await Login(api, user.email, user.password);
    const unlocks = await AuditOf('user.unlocked', user.user.id);
    assert.deepEqual(unlocks[0].details, { wasLocked: false, hadLockout: true });
  });
});

describe('GET/PUT /users/{id}/roles', () => {
  it('returns Role objects and replaces the roles, effective on the next request', async () => {
    const user = await SignedInUser(api);
    const path = `${kUsers}/${user.user.id}/roles`;
    const before = ExpectJson(await api.Get(path, { token: admin }), 200);
    assert.deepEqual(before.map((role) => role.name), ['user']);
    assert.deepEqual(Object.keys(before[0]).sort(), ['builtIn', 'description', 'id', 'name', 'permissions']);
    assert.equal(before[0].builtIn, true);
    ExpectProblem(await api.Get(kUsers, { token: user.tokens.accessToken }), { status: 403, type: '/problems/forbidden', instance: kUsers });

    const now = ExpectJson(await Put(path, { roles: ['admin', 'user', 'admin'] }, admin), 200);
    assert.deepEqual(now.map((role) => role.name), ['admin', 'user']);
    assert.ok(now[0].permissions.includes('users.read'));
    ExpectJson(await api.Get(kUsers, { token: user.tokens.accessToken }), 200);  // same token
    const changed = await AuditOf('user.roles.changed', user.user.id);
    assert.equal(changed.length, 1);
    assert.deepEqual(changed[0].details, { from: ['user'], to: ['admin', 'user'] });

    assert.deepEqual(ExpectJson(await Put(path, { roles: [] }, admin), 200), []);
    ExpectProblem(await api.Get(kUsers, { token: user.tokens.accessToken }), { status: 403, type: '/problems/forbidden', instance: kUsers });
    ExpectValidation(await Put(path, { roles: ['no-such-role'] }, admin), path, ['roles']);
    ExpectValidation(await Put(path, {}, admin), path, ['roles']);
    ExpectValidation(await Put(path, { roles: [1] }, admin), path, ['roles']);
  });
});

describe('the last administrator', () => {
  it('cannot be deleted, locked or lose the admin role; a second one can', async () => {
    // A server of its own: exactly one administrator to begin with.
    const own = await RampartServer.Start();
    try {
      const local = new Api(own.baseUrl);
      const root_tokens = await Login(local, 'admin@localhost', own.adminPassword);
      const token = root_tokens.accessToken;
      const root = ExpectJson(await local.Get('/api/v1/users/me', { token }), 200);
      const path = `${kUsers}/${root.id}`;
      const conflict = { status: 409, type: '/problems/conflict' };
      ExpectProblem(await local.Delete(path, { token }), { ...conflict, instance: path });
      ExpectProblem(await local.Post(`${path}/lock`, {}, { token }), { ...conflict, instance: `${path}/lock` });
      ExpectProblem(await local.Request('PUT', `${path}/roles`, { json: { roles: ['user'] }, token }), { ...conflict, instance: `${path}/roles` });
      assert.deepEqual(ExpectJson(await local.Get('/api/v1/users/me', { token }), 200).roles, ['admin']);

      // A second administrator who can sign in lifts the guard for the first.
      const second = { email: UniqueEmail('second-admin'), password: UniquePassword(), displayName: 'Second Admin', roles: ['admin'] };
      const made = ExpectJson(await local.Post(kUsers, second, { token }), 201);
      assert.deepEqual(made.roles, ['admin']);
      const second_token = (await Login(local, second.email, second.password)).accessToken;
      // Locked, the second no longer counts.
      ExpectJson(await local.Post(`${kUsers}/${made.id}/lock`, {}, { token }), 200);
      ExpectProblem(await local.Delete(path, { token }), { ...conflict, instance: path });
      ExpectJson(await local.Post(`${kUsers}/${made.id}/unlock`, {}, { token }), 200);
      const fresh_second = (await Login(local, second.email, second.password)).accessToken;
      assert.equal((await local.Delete(path, { token: fresh_second })).status, 204);
      ExpectUnauthorized(await local.Get('/api/v1/users/me', { token }), '/api/v1/users/me');
      assert.ok(second_token, 'the second administrator signed in before being locked');
      ExpectProblem(await local.Delete(`${kUsers}/${made.id}`, { token: fresh_second }), { ...conflict, instance: `${kUsers}/${made.id}` });
    } finally {
      await own.Stop();
    }
  });
});

describe('with the identity cache off (cache.enabled=false)', () => {
  it('reads every check from the database and still ends a locked user\'s tokens at once', async () => {
    const own = await RampartServer.Start({ env: { RAMPART_CACHE_ENABLED: 'false', RAMPART_CACHE_VERIFIED_TOKENS: '0' } });
    try {
      const local = new Api(own.baseUrl);
      const token = (await Login(local, 'admin@localhost', own.adminPassword)).accessToken;
      const user = await SignedInUser(local);
      ExpectJson(await local.Get('/api/v1/users/me', { token: user.tokens.accessToken }), 200);
      const listed = ExpectJson(await local.Get(`${kUsers}?search=${encodeURIComponent(user.email)}`, { token }), 200);
      assert.deepEqual(listed.items.map((item) => item.id), [user.user.id]);
      ExpectJson(await local.Post(`${kUsers}/${user.user.id}/lock`, {}, { token }), 200);
      ExpectUnauthorized(await local.Get('/api/v1/users/me', { token: user.tokens.accessToken }), '/api/v1/users/me');
      const ready = ExpectJson(await local.Get('/health/ready'), 200);
      assert.equal(ready.status, 'up');
    } finally {
      await own.Stop();
    }
  });
});
