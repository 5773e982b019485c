// The authorisation matrix: every operation of the running binary's /openapi.json (so an
// endpoint cannot be added without being probed) × every kind of caller → the status class the
// declaration promises:
//
//   anonymous          → 401 on every operation with `security`; never 401/403 on public ones
//   `user` role        → 403 where `x-required-permission` is set, not 401/403 where only
//                        `security` is
//   a custom role with exactly one permission (one such role per permission of the catalogue)
//                      → not 401/403 where that permission is required, 403 where another is
//   `admin`            → never 401/403 on an operation with `security`
//   an API key of an `admin` → the same, except creating API keys (403: a key makes no keys)
//   a service account holding `admin` (client credentials) → the same as `admin` except the
//                        self-service operations about a user account: 403 where `security` is
//                        set without `x-required-permission` unless `x-service-accounts`
//
// and never a 5xx or a 405 for anyone. Requests carry a minimal body (`{}` when the operation
// takes one): authorisation must answer before validation, so a 422 cannot hide a 403. Path
// parameters are real ids: users and roles made for the purpose, a fresh one for each request
// that could change it (delete, lock, rename...). A caller whose token an operation ended
// (logout-all, say) is signed in afresh (as a new account with the same roles) before the next
// one.
//
// Then no escalation (docs/roles.md): principals holding only `roles.manage` or only
// `users.write` make, against every operation that changes a user or a role, the attempts of
// lib/escalation_attempts.mjs — giving themselves `admin`, putting the whole catalogue on their
// own role, demoting, editing or locking an administrator, renaming, deleting or editing the
// admin role or a role with more permissions → 403 `/problems/forbidden`, and nothing changed;
// the changes within their permissions still succeed. Runs on SQLite and PostgreSQL.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // the changes within their permissions still succeed.
// rampart:end
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, ExpectProblem, Login, SignedInUser, UniqueEmail, UniquePassword } from './lib/client.mjs';
import { kEscalationAttempts } from './lib/escalation_attempts.mjs';
import { RampartServer } from './lib/server.mjs';

const kMethods = ['get', 'post', 'put', 'patch', 'delete'];

let server;
let api;
let admin_token;  // of a second administrator who makes the fixtures (never a probed caller)
let operations;  // [{method, path, secured, permission, takes_body}]
let catalogue;   // permission names

async function NewUser(roles = undefined) {
  const reply = await api.Post('/api/v1/users', { email: UniqueEmail('matrix-target'), password: UniquePassword(), displayName: 'Matrix Target', roles }, { token: admin_token });
  return ExpectJson(reply, 201);
}

async function NewRole(permissions = []) {
  const name = `matrix-${randomBytes(5).toString('hex')}`;
  const reply = await api.Post('/api/v1/roles', { name, description: 'Authorisation matrix.', permissions }, { token: admin_token });
  return ExpectJson(reply, 201);
}

// Callers. Each can sign in (again): `Token()` gives a token that still works.
class Caller {
  constructor(label, provision) {
    this.label = label;
    this.provision_ = provision;  // async () => token (undefined: anonymous)
    this.token = undefined;
  }
  async Token() {
    if (this.token === undefined) this.token = await this.provision_();
    return this.token;
  }
  // After a request: a token the request ended (logout-all, a self-deletion...) is replaced.
  async Refresh() {
    if (this.token === undefined) return;
    const me = await api.Get('/api/v1/users/me', { token: this.token });
    if (me.status === 401) this.token = undefined;
  }
}

function Anonymous() {
  return new Caller('anonymous', async () => undefined);
}

function WithRoles(label, roles) {
  return new Caller(label, async () => {
    const account = await SignedInUser(api);
    ExpectJson(await api.Request('PUT', `/api/v1/users/${account.user.id}/roles`, { json: { roles }, token: admin_token }), 200);
    return (await Login(api, account.email, account.password)).accessToken;
  });
}

// What a caller with `permissions` (null: anonymous) must get from `operation`: a predicate on
// the status and its description. `kind`: 'user' (an access token), 'api_key' (a user's API
// key) or 'service_account'.
function Expectation(operation, permissions, kind = 'user') {
  if (!operation.secured) return [(s) => s !== 401 && s !== 403, 'public: not 401/403'];
  if (permissions === null) return [(s) => s === 401, '401'];
  if (kind === 'service_account' && !operation.permission && !operation.service_accounts) {
    return [(s) => s === 403, '403 (for user accounts only)'];
  }
  if (kind === 'api_key' && operation.method === 'post' && operation.path === '/api/v1/users/me/api-keys') {
    return [(s) => s === 403, '403 (an API key makes no API keys)'];
  }
  if (!operation.permission || permissions.includes(operation.permission)) {
    return [(s) => s !== 401 && s !== 403, 'not 401/403'];
  }
  return [(s) => s === 403, `403 (needs ${operation.permission})`];
}

// Fills each path parameter with a real id: a user under /users/{id}, a role under
// /roles/{id} (fresh ones for a request that could change them), otherwise a random UUID.
async function ConcretePath(operation, shared) {
  const mutating = operation.method !== 'get';
  let path = operation.path;
  for (const [placeholder] of operation.path.matchAll(/\{[^}]+\}/g)) {
    const before = path.slice(0, path.indexOf(placeholder));
    let value = randomUUID();
    if (/\/api\/v1\/users\/$/.test(before)) value = mutating ? (await NewUser()).id : shared.user.id;
    else if (/\/api\/v1\/roles\/$/.test(before)) value = mutating ? (await NewRole()).id : shared.role.id;
    path = path.replace(placeholder, value);
  }
  return path;
}

async function Probe(caller, permissions, shared, kind = 'user') {
  const failures = [];
  for (const operation of operations) {
    const path = await ConcretePath(operation, shared);
    const token = await caller.Token();
    const reply = await api.Request(operation.method.toUpperCase(), path, {
      token,
      json: operation.takes_body ? {} : undefined,
    });
    const [ok, expected] = Expectation(operation, permissions, kind);
    if (!ok(reply.status) || reply.status >= 500 || reply.status === 405) {
      failures.push(`${caller.label}: ${operation.method.toUpperCase()} ${operation.path} → ${reply.status}, expected ${expected} (${reply.text.slice(0, 160)})`);
    }
    await caller.Refresh();
  }
  return failures;
}

before(async () => {
  server = await RampartServer.Start({
    // Hundreds of requests from one IP and user within a minute: not what this test is about.
    env: { RAMPART_RATE_LIMIT_IP_LIMIT: 1000000, RAMPART_RATE_LIMIT_USER_LIMIT: 1000000 },
  });
  api = new Api(server.baseUrl);
  // The fixtures' maker is not the probed `admin`, whose logout-all ends every session of theirs.
  const seeded_admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
  const maker = { email: UniqueEmail('matrix-admin'), password: UniquePassword(), displayName: 'Matrix Admin', roles: ['admin'] };
  ExpectJson(await api.Post('/api/v1/users', maker, { token: seeded_admin }), 201);
  admin_token = (await Login(api, maker.email, maker.password)).accessToken;
  const document = ExpectJson(await api.Get('/openapi.json'), 200);
  operations = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of kMethods) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        method,
        path,
        secured: Array.isArray(operation.security) && operation.security.length > 0,
        permission: operation['x-required-permission'],
        takes_body: operation.requestBody !== undefined,
        service_accounts: operation['x-service-accounts'] === true,
      });
    }
  }
  catalogue = ExpectJson(await api.Get('/api/v1/permissions', { token: admin_token }), 200).map((p) => p.name);
});
after(async () => {
  if (server) await server.Stop();
});

describe('authorisation matrix', () => {
  let shared;
  before(async () => {
    shared = { user: await NewUser(), role: await NewRole() };
  });

  it('covers the API: operations of every kind, every required permission in the catalogue', () => {
    assert.ok(operations.length >= 30, `only ${operations.length} operations in /openapi.json`);
    assert.ok(operations.some((op) => !op.secured), 'no public operation');
    assert.ok(operations.some((op) => op.secured && !op.permission), 'no self-service operation');
    assert.ok(operations.some((op) => op.permission), 'no permission-guarded operation');
    for (const operation of operations) {
      if (operation.permission) {
        assert.ok(operation.secured, `${operation.method} ${operation.path}: a permission without security`);
        assert.ok(catalogue.includes(operation.permission), `${operation.method} ${operation.path} requires ${operation.permission}, not in the catalogue`);
      }
      // Everything under /api/v1 except the sign-up/sign-in flows is behind a token.
      if (operation.path.startsWith('/api/v1/') && !operation.path.startsWith('/api/v1/auth/')) {
        assert.ok(operation.secured, `${operation.method} ${operation.path} is public`);
      }
    }
  });

  it('anonymous: 401 on every secured operation, never 401/403 on a public one', async () => {
    assert.deepEqual(await Probe(Anonymous(), null, shared), []);
  });

  it('`user` role: 403 on every permission-guarded operation, self-service allowed', async () => {
    assert.deepEqual(await Probe(WithRoles('user', ['user']), [], shared), []);
  });

  it('one custom role per permission: allowed exactly where that permission is required', async () => {
    assert.ok(catalogue.length > 0);
    const failures = [];
    for (const permission of catalogue) {
      const role = await NewRole([permission]);
      assert.deepEqual(role.permissions, [permission]);
      failures.push(...await Probe(WithRoles(`role with only ${permission}`, [role.name]), [permission], shared));
    }
    assert.deepEqual(failures, []);
  });

  it('`admin`: never 401/403 on a secured operation', async () => {
    // A fresh administrator each time one is needed: an operation may end the caller's
    // sessions or even the account (the fixtures' maker is another administrator).
    assert.deepEqual(await Probe(WithRoles('admin', ['admin']), catalogue, shared), []);
  });

  it('an API key of an `admin`: as `admin`, but it cannot make API keys', async () => {
    const caller = new Caller('API key of admin', async () => {
      const token = await WithRoles('admin (key owner)', ['admin']).Token();
      const created = ExpectJson(await api.Post('/api/v1/users/me/api-keys', { name: 'matrix' }, { token }), 201);
      return created.key;
    });
    assert.deepEqual(await Probe(caller, catalogue, shared, 'api_key'), []);
  });

  it('a service account holding `admin`: as `admin`, except self-service on a user account (403)', async () => {
    const caller = new Caller('service account with admin', async () => {
      const account = ExpectJson(await api.Post('/api/v1/service-accounts', { name: `matrix-${randomBytes(5).toString('hex')}`, roles: ['admin'] }, { token: admin_token }), 201);
      const reply = await api.Request('POST', '/oauth/token', {
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: account.clientId, client_secret: account.clientSecret }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      return ExpectJson(reply, 200).access_token;
    });
    assert.deepEqual(await Probe(caller, catalogue, shared, 'service_account'), []);
  });
});

// The operations that change a user or a role (not the caller's own `/users/me`).
function ChangesAUserOrARole(operation) {
  return operation.method !== 'get' && /^\/api\/v1\/(users|roles)\b/.test(operation.path) &&
    !operation.path.startsWith('/api/v1/users/me');
}

// A principal holding exactly `permission` through a role of its own: {label, permission,
// role, userId, token}.
async function SinglePermissionPrincipal(permission) {
  const role = await NewRole([permission]);
  const account = await SignedInUser(api);
  ExpectJson(await api.Request('PUT', `/api/v1/users/${account.user.id}/roles`, { json: { roles: [role.name] }, token: admin_token }), 200);
  const token = (await Login(api, account.email, account.password)).accessToken;
  return { label: `only ${permission}`, permission, role, userId: account.user.id, token };
}

// The permissions a user holds now (the union over their roles), as an administrator reads them.
async function PermissionsOf(user_id) {
  const roles = ExpectJson(await api.Get(`/api/v1/users/${user_id}/roles`, { token: admin_token }), 200);
  return [...new Set(roles.flatMap((role) => role.permissions))].sort();
}

describe('no escalation: principals holding only roles.manage or only users.write', () => {
  let admin_role;
  before(async () => {
    const roles = ExpectJson(await api.Get('/api/v1/roles', { token: admin_token }), 200);
    admin_role = roles.find((role) => role.name === 'admin');
    assert.ok(admin_role);
  });

  it('every operation that changes a user or a role has escalation attempts, and only those', () => {
    const changing = operations.filter(ChangesAUserOrARole).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    assert.ok(changing.length >= 10, `only ${changing.length}: ${changing}`);
    for (const key of changing) {
      const attempts = kEscalationAttempts[key] ?? [];
      assert.ok(attempts.some((a) => a.escalates), `${key}: no escalation attempt in lib/escalation_attempts.mjs`);
      assert.ok(attempts.some((a) => !a.escalates), `${key}: no legitimate attempt in lib/escalation_attempts.mjs`);
    }
    assert.deepEqual(Object.keys(kEscalationAttempts).filter((key) => !changing.includes(key)), [], 'attempts for operations /openapi.json does not have');
  });

  for (const permission of ['roles.manage', 'users.write']) {
    it(`only ${permission}: every escalation 403 and nothing changed; changes within its permissions allowed`, async () => {
      const principal = await SinglePermissionPrincipal(permission);
      const fixtures = { principal, NewUser, NewRole, adminRole: admin_role, catalogue };
      const failures = [];
      for (const operation of operations.filter(ChangesAUserOrARole)) {
        const key = `${operation.method.toUpperCase()} ${operation.path}`;
        for (const attempt of kEscalationAttempts[key]) {
          const path = operation.path.replace('{id}', attempt.id ? await attempt.id(fixtures) : '');
          const body = operation.takes_body ? (attempt.body ? await attempt.body(fixtures) : {}) : undefined;
          const reply = await api.Request(operation.method.toUpperCase(), path, { token: principal.token, json: body });
          const refused = attempt.escalates || operation.permission !== permission;
          const label = `${principal.label}: ${key} (${attempt.what}) → ${reply.status}`;
          if (refused) {
            try {
              ExpectProblem(reply, { status: 403, type: '/problems/forbidden', instance: path });
            } catch (error) {
              failures.push(`${label}, expected 403 /problems/forbidden (${reply.text.slice(0, 200)})`);
            }
          } else if (reply.status < 200 || reply.status > 299) {
            failures.push(`${label}, expected 2xx (${reply.text.slice(0, 200)})`);
          }
        }
      }
      assert.deepEqual(failures, []);
      // Nothing it tried gave it more, and the admin role is whole.
      assert.deepEqual(await PermissionsOf(principal.userId), [permission]);
      const admin_now = ExpectJson(await api.Get(`/api/v1/roles/${admin_role.id}`, { token: admin_token }), 200);
      assert.deepEqual({ ...admin_now, permissions: [...admin_now.permissions].sort() }, { ...admin_role, permissions: [...catalogue].sort() });
    });
  }
});
