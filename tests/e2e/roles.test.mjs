// Roles and permissions over HTTP (/api/v1/permissions, /api/v1/roles*): the catalogue, role
// CRUD, name rules, the protection of the built-in roles, audit events, and a role's
// permission change reaching its holders' next request — with every cache adapter.
// With Redis the invalidation is a prefix removal (SCAN + UNLINK).  // rampart:only(redis)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  ExpectValidation,
  kUuid,
  Login,
  SignedInUser,
} from './lib/client.mjs';
import { RedisServer } from './lib/redis.mjs';  // rampart:only(redis)
import { RampartServer } from './lib/server.mjs';

const kRoles = '/api/v1/roles';
const kPermissions = '/api/v1/permissions';
const kCatalogue = ['users.read', 'users.write', 'users.delete', 'roles.read', 'roles.manage',
  'sessions.manage', 'audit.read', 'system.read', 'mfa.manage',
  'service_accounts.manage'];

function UniqueRoleName(prefix = 'role') {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

function Put(api, path, json, token) {
  return api.Request('PUT', path, { json, token });
}

async function CreateRole(api, token, body) {
  const reply = await api.Post(kRoles, { name: UniqueRoleName(), description: 'E2E role.', ...body }, { token });
  const role = ExpectJson(reply, 201);
  assert.equal(reply.headers.get('location'), `${kRoles}/${role.id}`);
  return role;
}

async function RoleNamed(api, token, name) {
  const roles = ExpectJson(await api.Get(kRoles, { token }), 200);
  return roles.find((role) => role.name === name);
}

// A user holding exactly `roles` (by name), signed in: {user, tokens, ...}.
async function UserWithRoles(api, admin, roles) {
  const account = await SignedInUser(api);
  ExpectJson(await Put(api, `/api/v1/users/${account.user.id}/roles`, { roles }, admin), 200);
  return account;
}

describe('roles and permissions', () => {
  let server;
  let api;
  let admin;
  before(async () => {
    server = await RampartServer.Start();
    api = new Api(server.baseUrl);
    admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
  });
  after(async () => {
    if (server) await server.Stop();
  });

  async function AuditOf(action, target) {
    const query = new URLSearchParams({ action, target });
    return ExpectJson(await api.Get(`/api/v1/audit-events?${query}`, { token: admin }), 200).items;
  }

  it('lists the permission catalogue declared in code', async () => {
    const catalogue = ExpectJson(await api.Get(kPermissions, { token: admin }), 200);
    assert.deepEqual(catalogue.map((permission) => permission.name), kCatalogue);
    for (const permission of catalogue) assert.ok(permission.description.length > 0, permission.name);
  });

  it('lists the built-in roles: admin holds every permission, user none', async () => {
    const roles = ExpectJson(await api.Get(kRoles, { token: admin }), 200);
    const names = roles.map((role) => role.name);
    assert.deepEqual(names, [...names].sort());
    const admin_role = roles.find((role) => role.name === 'admin');
    const user_role = roles.find((role) => role.name === 'user');
    assert.equal(admin_role.builtIn, true);
    assert.deepEqual([...admin_role.permissions].sort(), [...kCatalogue].sort());
    assert.equal(user_role.builtIn, true);
    assert.deepEqual(user_role.permissions, []);
    assert.match(admin_role.id, kUuid);
  });

  it('creates, reads, renames, re-describes and deletes a custom role, with audit events', async () => {
    const name = UniqueRoleName('support');
    const role = await CreateRole(api, admin, { name, description: 'Help desk.', permissions: ['users.read', 'audit.read', 'users.read'] });
    assert.match(role.id, kUuid);
    assert.deepEqual(role, { id: role.id, name, description: 'Help desk.', permissions: ['audit.read', 'users.read'], builtIn: false });
    assert.deepEqual(ExpectJson(await api.Get(`${kRoles}/${role.id}`, { token: admin }), 200), role);

    const renamed = ExpectJson(await api.Patch(`${kRoles}/${role.id}`, { name: `${name}-2` }, { token: admin }), 200);
    assert.equal(renamed.name, `${name}-2`);
    assert.equal(renamed.description, 'Help desk.');
    const described = ExpectJson(await api.Patch(`${kRoles}/${role.id}`, { description: 'Tier 2.' }, { token: admin }), 200);
    assert.deepEqual(described, { ...role, name: `${name}-2`, description: 'Tier 2.' });

    const granted = ExpectJson(await Put(api, `${kRoles}/${role.id}/permissions`, { permissions: ['sessions.manage'] }, admin), 200);
    assert.deepEqual(granted.permissions, ['sessions.manage']);

    assert.equal((await api.Delete(`${kRoles}/${role.id}`, { token: admin })).status, 204);
    ExpectProblem(await api.Get(`${kRoles}/${role.id}`, { token: admin }), { status: 404, type: '/problems/not-found' });
    ExpectProblem(await api.Delete(`${kRoles}/${role.id}`, { token: admin }), { status: 404, type: '/problems/not-found' });

    const [created] = await AuditOf('role.created', role.id);
    assert.deepEqual(created.details, { name, permissions: ['audit.read', 'users.read'] });
    const updates = await AuditOf('role.updated', role.id);
    assert.equal(updates.length, 3);
    const details = updates.map((event) => event.details);
    assert.ok(details.some((d) => d.renamedFrom === name && d.name === `${name}-2`), JSON.stringify(details));
    assert.ok(details.some((d) => d.descriptionChanged === true), JSON.stringify(details));
    assert.ok(details.some((d) => JSON.stringify(d.permissionsAdded) === '["sessions.manage"]' &&
      JSON.stringify(d.permissionsRemoved) === '["audit.read","users.read"]'), JSON.stringify(details));
    const [deleted] = await AuditOf('role.deleted', role.id);
    assert.equal(deleted.details.name, `${name}-2`);
    assert.equal(deleted.actorId, ExpectJson(await api.Get('/api/v1/users/me', { token: admin }), 200).id);
  });

  it('answers 404 for an unknown or malformed role id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const path = `${kRoles}/${id}`;
      ExpectProblem(await api.Get(path, { token: admin }), { status: 404, type: '/problems/not-found', instance: path });
      ExpectProblem(await api.Patch(path, { description: 'x' }, { token: admin }), { status: 404, type: '/problems/not-found' });
      ExpectProblem(await Put(api, `${path}/permissions`, { permissions: [] }, admin), { status: 404, type: '/problems/not-found' });
    }
  });

  it('enforces the name rules: a lowercase slug, unique (409)', async () => {
    for (const name of ['', 'Upper', '1starts-with-digit', 'has space', 'x'.repeat(65), 'ünï']) {
      ExpectValidation(await api.Post(kRoles, { name }, { token: admin }), kRoles, ['name']);
    }
    ExpectValidation(await api.Post(kRoles, {}, { token: admin }), kRoles, ['name']);
    const role = await CreateRole(api, admin, {});
    ExpectProblem(await api.Post(kRoles, { name: role.name }, { token: admin }), { status: 409, type: '/problems/conflict', instance: kRoles });
    const other = await CreateRole(api, admin, {});
    ExpectProblem(await api.Patch(`${kRoles}/${other.id}`, { name: role.name }, { token: admin }), { status: 409, type: '/problems/conflict' });
    ExpectProblem(await api.Post(kRoles, { name: 'admin' }, { token: admin }), { status: 409, type: '/problems/conflict' });
    // The conflicts changed nothing.
    assert.deepEqual(ExpectJson(await api.Get(`${kRoles}/${other.id}`, { token: admin }), 200), other);
  });

  it('names every unknown permission and every bad field in one 422', async () => {
    ExpectValidation(await api.Post(kRoles, { name: 'Bad Name', description: 7, permissions: ['users.read', 'nope', 'users.fly'] }, { token: admin }),
      kRoles, ['name', 'description', 'permissions[1]', 'permissions[2]']);
    ExpectValidation(await api.Post(kRoles, { name: UniqueRoleName(), permissions: 'users.read' }, { token: admin }), kRoles, ['permissions']);
    const role = await CreateRole(api, admin, { permissions: ['users.read'] });
    const path = `${kRoles}/${role.id}/permissions`;
    ExpectValidation(await Put(api, path, { permissions: ['roles.read', 'bogus'] }, admin), path, ['permissions[1]']);
    ExpectValidation(await Put(api, path, {}, admin), path, ['permissions']);
    ExpectValidation(await Put(api, path, { permissions: [1] }, admin), path, ['permissions']);
    ExpectValidation(await api.Patch(`${kRoles}/${role.id}`, { description: 'x'.repeat(501) }, { token: admin }),
      `${kRoles}/${role.id}`, ['description']);
    // Nothing changed.
    assert.deepEqual(ExpectJson(await api.Get(`${kRoles}/${role.id}`, { token: admin }), 200), role);
  });

  it('protects the built-in roles: no delete, no rename, admin keeps every permission', async () => {
    const admin_role = await RoleNamed(api, admin, 'admin');
    const user_role = await RoleNamed(api, admin, 'user');
    for (const role of [admin_role, user_role]) {
      const path = `${kRoles}/${role.id}`;
      ExpectProblem(await api.Delete(path, { token: admin }), { status: 409, type: '/problems/conflict', instance: path });
      ExpectProblem(await api.Patch(path, { name: `${role.name}-x` }, { token: admin }), { status: 409, type: '/problems/conflict' });
      // Same name and a new description are fine.
      ExpectJson(await api.Patch(path, { name: role.name, description: role.description }, { token: admin }), 200);
    }
    const permissions_path = `${kRoles}/${admin_role.id}/permissions`;
    ExpectProblem(await Put(api, permissions_path, { permissions: ['users.read'] }, admin), { status: 409, type: '/problems/conflict' });
    ExpectProblem(await Put(api, permissions_path, { permissions: [] }, admin), { status: 409, type: '/problems/conflict' });
    // Setting what it holds is no change.
    const same = ExpectJson(await Put(api, permissions_path, { permissions: kCatalogue }, admin), 200);
    assert.deepEqual([...same.permissions].sort(), [...kCatalogue].sort());
    assert.deepEqual(await RoleNamed(api, admin, 'admin'), admin_role);
    assert.deepEqual(await RoleNamed(api, admin, 'user'), user_role);
  });

  it('deleting a role takes it (and its permissions) from its holders at once', async () => {
    const role = await CreateRole(api, admin, { permissions: ['users.read'] });
    const holder = await UserWithRoles(api, admin, ['user', role.name]);
    const token = holder.tokens.accessToken;
    for (let i = 0; i < 3; ++i) ExpectJson(await api.Get('/api/v1/users?pageSize=1', { token }), 200);
    assert.deepEqual(ExpectJson(await api.Get('/api/v1/users/me', { token }), 200).roles.sort(), ['user', role.name].sort());
    assert.equal((await api.Delete(`${kRoles}/${role.id}`, { token: admin })).status, 204);
    ExpectProblem(await api.Get('/api/v1/users?pageSize=1', { token }), { status: 403, type: '/problems/forbidden' });
    assert.deepEqual(ExpectJson(await api.Get('/api/v1/users/me', { token }), 200).roles, ['user']);
    const [deleted] = await AuditOf('role.deleted', role.id);
    assert.equal(deleted.details.holders, 1);
  });

  it('a rename reaches the holders\' profile at once', async () => {
    const role = await CreateRole(api, admin, {});
    const holder = await UserWithRoles(api, admin, [role.name]);
    const token = holder.tokens.accessToken;
    for (let i = 0; i < 3; ++i) ExpectJson(await api.Get('/api/v1/users/me', { token }), 200);
    ExpectJson(await api.Patch(`${kRoles}/${role.id}`, { name: `${role.name}-new` }, { token: admin }), 200);
    assert.deepEqual(ExpectJson(await api.Get('/api/v1/users/me', { token }), 200).roles, [`${role.name}-new`]);
  });

  it('needs roles.read to read and roles.manage to change', async () => {
    const reader_role = await CreateRole(api, admin, { permissions: ['roles.read'] });
    const reader = (await UserWithRoles(api, admin, [reader_role.name])).tokens.accessToken;
    const plain = (await SignedInUser(api)).tokens.accessToken;
    ExpectUnauthorized(await api.Get(kRoles), kRoles);
    ExpectUnauthorized(await api.Get(kPermissions), kPermissions);
    for (const path of [kRoles, kPermissions, `${kRoles}/${reader_role.id}`]) {
      ExpectProblem(await api.Get(path, { token: plain }), { status: 403, type: '/problems/forbidden', instance: path });
      ExpectJson(await api.Get(path, { token: reader }), 200);
    }
    // A reader cannot change anything, whatever the body (authorisation comes before validation).
    ExpectProblem(await api.Post(kRoles, { name: 'Not A Slug' }, { token: reader }), { status: 403, type: '/problems/forbidden' });
    ExpectProblem(await Put(api, `${kRoles}/${reader_role.id}/permissions`, { permissions: ['nope'] }, reader), { status: 403, type: '/problems/forbidden' });
    ExpectProblem(await api.Patch(`${kRoles}/${reader_role.id}`, { name: 'x' }, { token: reader }), { status: 403, type: '/problems/forbidden' });
    ExpectProblem(await api.Delete(`${kRoles}/${reader_role.id}`, { token: reader }), { status: 403, type: '/problems/forbidden' });
  });
});

// Grant → revoke of a permission through a role the user holds: 403 → 200 → 403 on the user's
// next request each time, after their permissions were read (and cached) several times.
function PermissionChangeSuite(start) {
  let server;
  let api;
  let admin;
  before(async () => {
    server = await start();
    api = new Api(server.baseUrl);
    admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('a role permission change takes effect on the holder\'s next request', async () => {
    const role = await CreateRole(api, admin, { permissions: [] });
    const holder = await UserWithRoles(api, admin, ['user', role.name]);
    const token = holder.tokens.accessToken;
    const guarded = `/api/v1/users/${holder.user.id}`;
    const ExpectStatus = async (status) => {
      for (let i = 0; i < 3; ++i) {  // the first read fills the cache, the others come from it
        const reply = await api.Get(guarded, { token });
        assert.equal(reply.status, status, reply.Describe());
      }
    };
    const Grant = async (permissions) =>
      ExpectJson(await Put(api, `${kRoles}/${role.id}/permissions`, { permissions }, admin), 200);

    await ExpectStatus(403);
    await Grant(['users.read']);
    await ExpectStatus(200);
    await Grant([]);
    await ExpectStatus(403);
    await Grant(['audit.read', 'users.read']);
    await ExpectStatus(200);
    // The same access token throughout: the token's `perm` claim is not what decides.
  });
}

describe('role permission change, in-process cache', () => {
  PermissionChangeSuite(() => RampartServer.Start());
});

// rampart:begin(redis)
describe('role permission change, Redis cache', () => {
  let redis;
  before(async () => {
    redis = await RedisServer.Start();
  });
  after(async () => {
    if (redis) await redis.Stop();
  });
  PermissionChangeSuite(() => RampartServer.Start({ env: { RAMPART_REDIS_URL: redis.url } }));

  describe('keys', () => {
    let server;
    let api;
    let admin;
    before(async () => {
      server = await RampartServer.Start({ env: { RAMPART_REDIS_URL: redis.url } });
      api = new Api(server.baseUrl);
      admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
    });
    after(async () => {
      if (server) await server.Stop();
    });

    it('a role permission change removes every cached permissions key in Redis', async () => {
      const role = await CreateRole(api, admin, { permissions: ['users.read'] });
      const holder = await UserWithRoles(api, admin, [role.name]);
      ExpectJson(await api.Get('/api/v1/users?pageSize=1', { token: holder.tokens.accessToken }), 200);
      const key = `rampart:development:permissions:${holder.user.id}:v1`;
      assert.deepEqual(redis.Cli('EXISTS', key), ['1']);
      ExpectJson(await Put(api, `${kRoles}/${role.id}/permissions`, { permissions: ['audit.read'] }, admin), 200);
      assert.deepEqual(redis.Cli('--scan', '--pattern', 'rampart:development:permissions:*'), []);
    });
  });
});
// rampart:end
