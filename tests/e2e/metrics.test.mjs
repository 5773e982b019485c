// GET /metrics: the Prometheus exposition, checked after a known sequence of requests, and its
// scrape-token protection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

// rampart:begin(iam)
import { Api, ExpectProblem, Login, SignedInUser } from './lib/client.mjs';
// rampart:else
// import { Api, ExpectProblem, SignedInPrincipal } from './lib/client.mjs';
// rampart:end
import { ParsePrometheus, SampleValue } from './lib/prometheus.mjs';
import { DatabaseServerUrl, RampartServer } from './lib/server.mjs';

const kDuration = 'http_server_request_duration_seconds';

async function Scrape(api, headers = {}) {
  const reply = await api.Get('/metrics', { headers: { accept: 'text/plain', ...headers } });
  assert.equal(reply.status, 200, reply.Describe());
  assert.match(reply.contentType, /^text\/plain; version=0\.0\.4/);
  return ParsePrometheus(reply.text);
}

function Count(parsed, method, route, status) {
  return SampleValue(parsed, `${kDuration}_count`, {
    http_request_method: method,
    http_route: route,
    http_response_status_code: String(status),
  });
}

describe('GET /metrics (public)', () => {
  let server;
  let api;
  before(async () => {
    server = await RampartServer.Start();
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('counts a known sequence of requests per route and status', async () => {
    const first = await Scrape(api);
    for (let i = 0; i < 3; ++i) assert.equal((await api.Get('/health/live')).status, 200);
    for (let i = 0; i < 2; ++i) assert.equal((await api.Get(`/no/such/thing/${i}`)).status, 404);
    // rampart:begin(iam)
    const account = await SignedInUser(api);
    ExpectProblem(await api.Post('/api/v1/auth/login', { email: account.email, password: 'Wrong-password-123' }),
      { status: 401, type: '/problems/unauthorized' });
    for (let i = 0; i < 4; ++i) assert.equal((await api.Get('/api/v1/users/me', { token: account.tokens.accessToken })).status, 200);
    // rampart:else
    // const { token } = await SignedInPrincipal(server);
    // assert.equal((await api.Post('/api/v1/notes', { title: 'Counted' }, { token })).status, 201);
    // ExpectProblem(await api.Post('/api/v1/notes', { title: 'Refused' }), { status: 401, type: '/problems/unauthorized' });
    // for (let i = 0; i < 4; ++i) assert.equal((await api.Get('/api/v1/notes', { token })).status, 200);
    // rampart:end
    const second = await Scrape(api);

    const delta = (method, route, status) => Count(second, method, route, status) - Count(first, method, route, status);
    assert.equal(delta('GET', '/health/live', 200), 3);
    assert.equal(delta('GET', 'unmatched', 404), 2);
    // rampart:begin(iam)
    assert.equal(delta('POST', '/api/v1/auth/register', 201), 1);
    assert.equal(delta('POST', '/api/v1/auth/login', 200), 1);
    assert.equal(delta('POST', '/api/v1/auth/login', 401), 1);
    assert.equal(delta('GET', '/api/v1/users/me', 200), 4);
    // rampart:else
    // assert.equal(delta('POST', '/api/v1/notes', 201), 1);
    // assert.equal(delta('POST', '/api/v1/notes', 401), 1);
    // assert.equal(delta('GET', '/api/v1/notes', 200), 4);
    // rampart:end
    // The scrape that produced `first` was counted by the time of `second`.
    assert.equal(delta('GET', '/metrics', 200), 1);

    // Cumulative buckets end at +Inf with the count; the sum is a plausible duration.
    const labels = { http_request_method: 'GET', http_route: '/api/v1/users/me', http_response_status_code: '200' };  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // const labels = { http_request_method: 'GET', http_route: '/api/v1/notes', http_response_status_code: '200' };
    // rampart:end
    const buckets = second.samples.filter((s) => s.name === `${kDuration}_bucket` &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    assert.ok(buckets.length >= 10, 'histogram buckets');
    for (let i = 1; i < buckets.length; ++i) assert.ok(buckets[i].value >= buckets[i - 1].value, 'buckets are cumulative');
    assert.equal(buckets.at(-1).labels.le, '+Inf');
    assert.equal(buckets.at(-1).value, SampleValue(second, `${kDuration}_count`, labels));
    const sum = SampleValue(second, `${kDuration}_sum`, labels);
    assert.ok(sum > 0 && sum < 60, `sum ${sum}`);
    assert.equal(second.types.get(kDuration), 'histogram');

    // The scrape itself is in flight while it renders.
    assert.equal(SampleValue(second, 'http_server_active_requests'), 1);
  });

  it('exposes process, worker pool and error metrics', async () => {
    const parsed = await Scrape(api);
    assert.ok(SampleValue(parsed, 'process_resident_memory_bytes') > 1e6);
    assert.ok(SampleValue(parsed, 'process_cpu_seconds_total') > 0);
    assert.ok(SampleValue(parsed, 'process_open_fds') >= 3);
    assert.ok(SampleValue(parsed, 'process_threads') >= 2);
    assert.ok(SampleValue(parsed, 'rampart_worker_pool_threads') >= 1);
    assert.equal(parsed.types.get('process_cpu_seconds_total'), 'counter');
    assert.equal(parsed.types.get('rampart_http_server_errors_total'), 'counter');
  });

  // rampart:begin(postgres)
  it('exposes the PostgreSQL pool and statement durations when running on PostgreSQL', async () => {
    const ready = await api.Get('/health/ready');
    assert.equal(ready.status, 200, ready.Describe());
    const parsed = await Scrape(api);
    if (DatabaseServerUrl() === null) {  // rampart:only(sqlite)
      assert.equal(parsed.types.get('rampart_db_pool_idle'), undefined, 'pool metrics on SQLite');  // rampart:only(sqlite)
      return;  // rampart:only(sqlite)
    }  // rampart:only(sqlite)
    assert.equal(parsed.types.get('rampart_db_pool_in_use'), 'gauge');
    assert.ok(SampleValue(parsed, 'rampart_db_pool_in_use') >= 0);
    assert.ok(SampleValue(parsed, 'rampart_db_pool_idle') >= 1, 'no idle connection after a ping');
    assert.equal(SampleValue(parsed, 'rampart_db_pool_waiting'), 0);
    assert.equal(SampleValue(parsed, 'rampart_db_circuit_open'), 0);
    assert.ok(SampleValue(parsed, 'rampart_db_query_duration_seconds_count', { statement: 'ping' }) >= 1);
  });
  // rampart:end
});

// rampart:begin(iam)
describe('GET /metrics: business and cache counters', () => {
  let server;
  let api;
  before(async () => {
    // Three failures lock an account, so the sequence below stays short.
    server = await RampartServer.Start({ env: { RAMPART_LOCKOUT_MAX_FAILURES: 3 } });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('counts committed registrations, logins, lockouts, refresh reuse and logouts', async () => {
    const business = (parsed) => ({
      registrations: SampleValue(parsed, 'rampart_auth_registrations_total'),
      succeeded: SampleValue(parsed, 'rampart_auth_logins_total', { outcome: 'succeeded' }),
      failed: SampleValue(parsed, 'rampart_auth_logins_total', { outcome: 'failed' }),
      lockouts: SampleValue(parsed, 'rampart_auth_lockouts_total'),
      reuse: SampleValue(parsed, 'rampart_auth_refresh_reuse_detections_total'),
      logoutSession: SampleValue(parsed, 'rampart_auth_logouts_total', { scope: 'session' }),
      logoutAll: SampleValue(parsed, 'rampart_auth_logouts_total', { scope: 'all' }),
    });
    const first = await Scrape(api);
    assert.equal(first.types.get('rampart_auth_logins_total'), 'counter');
    const before_counts = business(first);

    const ada = await SignedInUser(api);                 // registration 1, login ok 1
    const bob = await SignedInUser(api);                 // registration 2, login ok 2
    // An account an administrator creates is `user.created` too, but not a registration.
    const admin = await Login(api, 'admin@localhost', server.adminPassword);
    assert.equal((await api.Post('/api/v1/users', { email: `admin-made-${ada.email}`, password: ada.password, displayName: 'Made' },
      { token: admin.accessToken })).status, 201);
    // A duplicate registration fails (409) and commits nothing: not counted.
    assert.equal((await api.Post('/api/v1/auth/register', { email: ada.email, password: ada.password, displayName: 'Again' })).status, 409);
    for (let i = 0; i < 2; ++i) {                        // failed 1, 2
      ExpectProblem(await api.Post('/api/v1/auth/login', { email: bob.email, password: 'Wrong-password-123' }),
        { status: 401, type: '/problems/unauthorized' });
    }
    // The third failure locks the account (failed 3, lockout 1); the next attempt is refused
    // while locked (failed 4), even with the right password.
    ExpectProblem(await api.Post('/api/v1/auth/login', { email: bob.email, password: 'Wrong-password-123' }),
      { status: 429, type: '/problems/locked' });
    ExpectProblem(await api.Post('/api/v1/auth/login', { email: bob.email, password: bob.password }),
      { status: 429, type: '/problems/locked' });
    // An unknown account fails too (failed 5).
    ExpectProblem(await api.Post('/api/v1/auth/login', { email: `nobody-${ada.email}`, password: 'Wrong-password-123' }),
      { status: 401, type: '/problems/unauthorized' });

    const rotated = await api.Post('/api/v1/auth/refresh', { refreshToken: ada.tokens.refreshToken });
    assert.equal(rotated.status, 200, rotated.Describe());
    const reused = await api.Post('/api/v1/auth/refresh', { refreshToken: ada.tokens.refreshToken });
    assert.equal(reused.status, 401, reused.Describe());  // reuse 1 (the session is revoked)
    // A second replay finds the session already revoked: no second detection.
    assert.equal((await api.Post('/api/v1/auth/refresh', { refreshToken: ada.tokens.refreshToken })).status, 401);

    const again = await Login(api, ada.email, ada.password);  // login ok 3
    assert.equal((await api.Post('/api/v1/auth/logout', { refreshToken: again.refreshToken })).status, 204);
    assert.equal((await api.Post('/api/v1/auth/logout-all', {}, { token: ada.tokens.accessToken })).status, 401,
      'the access token of the revoked session no longer works');
    const third = await Login(api, ada.email, ada.password);  // login ok 4 (5 with the admin's)
    assert.equal((await api.Post('/api/v1/auth/logout-all', {}, { token: third.accessToken })).status, 204);

    const after_counts = business(await Scrape(api));
    const delta = Object.fromEntries(Object.keys(after_counts).map((key) => [key, after_counts[key] - before_counts[key]]));
    assert.deepEqual(delta, {
      registrations: 2, succeeded: 5, failed: 5, lockouts: 1, reuse: 1, logoutSession: 1, logoutAll: 1,
    });
  });

  it('counts identity cache hits and misses by entity', async () => {
    const account = await SignedInUser(api);
    const first = await Scrape(api);
    assert.equal(first.types.get('rampart_cache_lookups_total'), 'counter');
    const hits = (parsed, entity) => SampleValue(parsed, 'rampart_cache_lookups_total', { entity, result: 'hit' });
    const misses = (parsed, entity) => SampleValue(parsed, 'rampart_cache_lookups_total', { entity, result: 'miss' });
    for (let i = 0; i < 3; ++i) {
      assert.equal((await api.Get('/api/v1/users/me', { token: account.tokens.accessToken })).status, 200);
    }
    const second = await Scrape(api);
    // Every /users/me looks its user up in the cache: three lookups of the user entity, of
    // which the later ones hit (the first one may fill it).
    const user_lookups = hits(second, 'user') - hits(first, 'user') + misses(second, 'user') - misses(first, 'user');
    assert.ok(user_lookups >= 3, `user lookups ${user_lookups}`);
    assert.ok(hits(second, 'user') - hits(first, 'user') >= 2, 'cached user hits');
    assert.ok(SampleValue(second, 'rampart_cache_operation_duration_seconds_count', { operation: 'get' }) >= 1);
  });
});
// rampart:end

describe('GET /metrics (token)', () => {
  const token = 'scrape-token-0123456789abcdef';
  let server;
  let api;
  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_METRICS_ACCESS: 'token', RAMPART_METRICS_TOKEN: token } });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('refuses a scrape without the token or with a wrong one', async () => {
    for (const headers of [{}, { authorization: `Bearer ${token}x` }, { authorization: `Bearer ${token.slice(0, -1)}` }, { authorization: token }]) {
      const reply = await api.Get('/metrics', { headers });
      ExpectProblem(reply, { status: 401, type: '/problems/unauthorized', instance: '/metrics' });
      assert.ok(!reply.text.includes('process_cpu'), 'no metrics in a refusal');
    }
  });

  it('serves the exposition with the token', async () => {
    const parsed = await Scrape(api, { authorization: `Bearer ${token}` });
    assert.ok(SampleValue(parsed, 'process_resident_memory_bytes') > 0);
  });

  it('will not start with token access and no token', async () => {
    await assert.rejects(RampartServer.Start({ env: { RAMPART_METRICS_ACCESS: 'token' } }), /RAMPART_METRICS_TOKEN/);
  });
});
