// GET /health (detailed, `system.read`): who may read it, what it reports about each adapter and
// the process, and that it never carries a secret. Runs on every database adapter.
// The Redis part starts its own redis-server and kills it to see the breaker open.  // rampart:only(redis)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

// rampart:begin(iam)
import { Api, ExpectJson, ExpectProblem, ExpectUnauthorized, Login, SignedInUser, kRfc3339Utc } from './lib/client.mjs';
// rampart:else
// import { Api, ExpectJson, ExpectProblem, ExpectUnauthorized, SignedInPrincipal, kAdminPermissions, kRfc3339Utc } from './lib/client.mjs';
// rampart:end
import { RedisServer } from './lib/redis.mjs';  // rampart:only(redis)
import { DatabaseServerUrl, RampartServer } from './lib/server.mjs';

const kOnPostgres = Boolean(DatabaseServerUrl());  // rampart:only(sqlite & postgres)

// rampart:begin(iam)
async function AdminToken(api, server) {
  return (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
}

// A signed-in account whose only role holds exactly `permissions`.
async function TokenWithPermissions(api, admin_token, permissions) {
  const role = ExpectJson(await api.Post('/api/v1/roles', {
    name: `health-${randomBytes(4).toString('hex')}`, description: 'Health e2e.', permissions,
  }, { token: admin_token }), 201);
  const account = await SignedInUser(api);
  ExpectJson(await api.Request('PUT', `/api/v1/users/${account.user.id}/roles`, { json: { roles: [role.name] }, token: admin_token }), 200);
  return (await Login(api, account.email, account.password)).accessToken;
}
// rampart:else
// // The tokens of the trusted issuer (lib/issuer.mjs) of the server the running describe
// // started: an administrator's, and one holding exactly `permissions`.
// let issuer_ = null;
// async function AdminToken(api, server) {
//   issuer_ = server.issuer;
//   return issuer_.Token({ perm: kAdminPermissions });
// }
//
// async function TokenWithPermissions(api, admin_token, permissions) {
//   return issuer_.Token({ perm: permissions });
// }
// rampart:end

const IsCount = (value) => Number.isInteger(value) && value >= 0;

describe('GET /health (detailed)', () => {
  let server;
  let api;
  let admin_token;
  before(async () => {
    server = await RampartServer.Start();
    api = new Api(server.baseUrl);
    admin_token = await AdminToken(api, server);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('is 401 without a token and 403 without system.read, as problem+json', async () => {
    ExpectUnauthorized(await api.Get('/health'), '/health');
    // rampart:begin(iam)
    const user = await SignedInUser(api);
    ExpectProblem(await api.Get('/health', { token: user.tokens.accessToken }), { status: 403, type: '/problems/forbidden', instance: '/health' });
    // rampart:else
    // const user = await SignedInPrincipal(server);
    // ExpectProblem(await api.Get('/health', { token: user.token }), { status: 403, type: '/problems/forbidden', instance: '/health' });
    // rampart:end
    const other = await TokenWithPermissions(api, admin_token, ['audit.read']);
    ExpectProblem(await api.Get('/health', { token: other }), { status: 403, type: '/problems/forbidden', instance: '/health' });
  });

  it('reports version, commit, environment, uptime, the readiness checks and each adapter', async () => {
    const token = await TokenWithPermissions(api, admin_token, ['system.read']);
    const reply = await api.Get('/health', { token });
    const body = ExpectJson(reply, 200);
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    // Latencies, uptime, CPU seconds, outbox age: plain decimals, never 4.75E-1.
    // (Strings blanked first: a commit id such as 1e3f... is not a number.)
    assert.doesNotMatch(reply.text.replace(/"(?:[^"\\]|\\.)*"/g, '""'), /[0-9][eE]/, reply.text);
    assert.equal(body.status, 'up', JSON.stringify(body));
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.match(body.commit, /^([0-9a-f]{12}(-dirty)?|unknown)$/);
    assert.equal(body.environment, 'development');
    assert.match(body.startedAt, kRfc3339Utc);
    const started = Date.parse(body.startedAt);
    assert.ok(started <= Date.now() + 1000 && started > Date.now() - 10 * 60_000, `startedAt ${body.startedAt}`);
    assert.ok(body.uptimeSeconds >= 0 && body.uptimeSeconds < 600, `uptimeSeconds ${body.uptimeSeconds}`);

    // The same checks as /health/ready.
    const ready = ExpectJson(await api.Get('/health/ready'), 200);
    assert.deepEqual(Object.keys(body.checks).sort(), Object.keys(ready.checks).sort());
    for (const name of ['database', 'cache', 'queue']) {
      assert.equal(body.checks[name]?.status, 'up', `${name}: ${JSON.stringify(body.checks)}`);
      assert.ok(body.checks[name].latencyMs >= 0);
    }

    const { database } = body;
    // rampart:begin(postgres)
    assert.equal(database.adapter, kOnPostgres ? 'postgresql' : 'sqlite');  // rampart:only(sqlite)
    // rampart:begin(sqlite)
    // rampart:else
    // assert.equal(database.adapter, 'postgresql');
    // rampart:end
    // rampart:else
    // assert.equal(database.adapter, 'sqlite');
    // rampart:end
    for (const field of ['inUse', 'idle', 'waiting', 'max']) assert.ok(IsCount(database.pool[field]), `pool.${field}: ${JSON.stringify(database)}`);
    assert.ok(database.pool.max >= 1);
    assert.ok(database.pool.inUse + database.pool.idle <= database.pool.max, JSON.stringify(database));
    assert.equal(database.pool.waiting, 0);
    // rampart:begin(postgres)
    // rampart:begin(sqlite)
    if (kOnPostgres) {
      assert.equal(database.circuitBreaker, 'closed');
      assert.equal(database.connectFailures, 0);
      assert.ok(database.pool.idle >= 1, 'a warm PostgreSQL pool keeps a connection');
    } else {
      assert.equal(database.circuitBreaker, null);
    }
    // rampart:else
    // assert.equal(database.circuitBreaker, 'closed');
    // assert.equal(database.connectFailures, 0);
    // assert.ok(database.pool.idle >= 1, 'a warm PostgreSQL pool keeps a connection');
    // rampart:end
    // rampart:else
    // assert.equal(database.circuitBreaker, null);
    // rampart:end
    assert.deepEqual(body.cache, { enabled: true, kind: 'memory', circuitBreaker: null });
    assert.ok(IsCount(body.outbox.depth) && body.outbox.oldestAgeSeconds >= 0, JSON.stringify(body.outbox));
    assert.equal(body.queue.kind, 'local');
    assert.ok(IsCount(body.queue.depth), JSON.stringify(body.queue));
    assert.equal(body.queue.deadLetters, 0);
    const { process } = body;
    assert.ok(process.residentBytes > 1 << 20, `residentBytes ${process.residentBytes}`);
    assert.ok(process.threads >= 2, `threads ${process.threads}`);
    assert.ok(process.openFds > 0 && process.openFds <= process.maxFds, JSON.stringify(process));
    assert.ok(process.cpuSeconds >= 0);
  });

  it('carries no secret: no connection string, password or data directory', async () => {
    const text = (await api.Get('/health', { token: admin_token })).text;
    assert.ok(!text.includes(server.adminPassword));  // rampart:only(iam)
    assert.ok(!/postgres(ql)?:\/\//i.test(text), text);  // rampart:only(postgres)
    assert.ok(!text.includes(server.dataDir), text);
    if (server.databaseUrl) assert.ok(!text.includes(server.databaseUrl));
  });

  it('is declared in /openapi.json with system.read', async () => {
    const doc = ExpectJson(await api.Get('/openapi.json'), 200);
    const operation = doc.paths['/health']?.get;
    assert.ok(operation, 'GET /health missing from /openapi.json');
    assert.equal(operation['x-required-permission'], 'system.read');
    assert.ok(Array.isArray(operation.security) && operation.security.length > 0);
    for (const status of ['200', '401', '403', '503']) assert.ok(operation.responses[status], `response ${status}`);
  });
});

// rampart:begin(redis)
describe('GET /health with Redis', () => {
  let redis;
  let server;
  let api;
  let admin_token;
  before(async () => {
    redis = await RedisServer.Start();
    server = await RampartServer.Start({ env: { RAMPART_REDIS_URL: redis.url } });
    api = new Api(server.baseUrl);
    admin_token = await AdminToken(api, server);
  });
  after(async () => {
    if (server) await server.Stop();
    if (redis) await redis.Stop();
  });

  it('names the cache kind and its breaker: closed while connected, open once Redis is gone', async () => {
    // The client connects in the background; readiness says when the cache answers.
    let ready;
    for (let attempt = 0; attempt < 100; ++attempt) {
      ready = ExpectJson(await api.Get('/health/ready'), 200);
      if (ready.checks.cache?.status === 'up') break;
      await new Promise((done) => setTimeout(done, 50));
    }
    assert.equal(ready.checks.cache?.status, 'up', JSON.stringify(ready));
    let body = ExpectJson(await api.Get('/health', { token: admin_token }), 200);
    assert.deepEqual(body.cache, { enabled: true, kind: 'redis', circuitBreaker: 'closed' });
    assert.ok(!JSON.stringify(body).includes(redis.url), 'the Redis URL is not reported');

    await redis.Kill();
    body = ExpectJson(await api.Get('/health', { token: admin_token }), 200);
    assert.equal(body.status, 'degraded', JSON.stringify(body));
    assert.equal(body.checks.cache.status, 'degraded');
    assert.deepEqual(body.cache, { enabled: true, kind: 'redis', circuitBreaker: 'open' });
  });
});
// rampart:end
