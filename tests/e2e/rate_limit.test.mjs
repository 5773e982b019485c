// Rate limiting over HTTP on the real binary: per IP, the stricter auth policy, per user, the
// 429 problem with Retry-After and the IETF RateLimit headers, and the switch that turns it off.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

// rampart:begin(iam)
import { Api, ExpectProblem, SignedInUser, UniqueEmail } from './lib/client.mjs';
// rampart:else
// import { Api, ExpectProblem, SignedInPrincipal } from './lib/client.mjs';
// rampart:end
import { RampartServer } from './lib/server.mjs';

// Structured-field list items: [{name, params}] from '"ip";r=1;t=2, "auth";q=3'.
function Items(header) {
  return (header ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [name, ...params] = item.split(';');
      return { name: JSON.parse(name), params: Object.fromEntries(params.map((param) => param.split('=')).map(([k, v]) => [k, Number(v)])) };
    });
}

// An endpoint that costs the server little (health probes are exempt from limits).
const kCheap = '/.well-known/jwks.json';  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// const kCheap = '/openapi.json';
// rampart:end

function Item(reply, header, name) {
  return Items(reply.headers.get(header)).find((item) => item.name === name)?.params;
}

// rampart:begin(iam)
describe('rate limits with the default auth policy', () => {
  let server;
  let api;
  before(async () => {
    // The library raises the auth limit for the other suites; this one tests the default (10/min).
    server = await RampartServer.Start({ env: { RAMPART_RATE_LIMIT_AUTH_LIMIT: null } });
    api = new Api(server.baseUrl);
  });
  after(() => server?.Stop());

  it('refuses the 11th login attempt in a minute from one address with 429', async () => {
    // A new address each time: five failures of one address would lock it out (429 `locked`).
    const attempt = () => api.Post('/api/v1/auth/login', { email: UniqueEmail('nobody'), password: 'wrong-password-123' });
    for (let i = 0; i < 10; ++i) {
      const reply = await attempt();
      assert.equal(reply.status, 401, reply.Describe());
      assert.deepEqual(Item(reply, 'ratelimit-policy', 'auth'), { q: 10, w: 60 });
      assert.equal(Item(reply, 'ratelimit', 'auth').r, 9 - i);
      assert.ok(Item(reply, 'ratelimit', 'ip').r > 0);
    }
    const refused = await attempt();
    ExpectProblem(refused, { status: 429, type: '/problems/rate-limited', instance: '/api/v1/auth/login' });
    const retry_after = Number(refused.headers.get('retry-after'));
    assert.ok(retry_after >= 1 && retry_after <= 6, `Retry-After: ${refused.headers.get('retry-after')}`);
    assert.equal(Item(refused, 'ratelimit', 'auth').r, 0);
    assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
    // Register shares the bucket; other endpoints only count against the per-IP limit.
    assert.equal((await api.Post('/api/v1/auth/register', {})).status, 429);
    assert.equal((await api.Get(kCheap)).status, 200);
  });
});
// rampart:end

describe('per-IP and per-user limits', () => {
  it('limits every request per client address', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_RATE_LIMIT_IP_LIMIT: 5, RAMPART_RATE_LIMIT_IP_WINDOW: '1h' } });
    try {
      const api = new Api(server.baseUrl);
      let remaining;
      do {
        const reply = await api.Get(kCheap);
        assert.equal(reply.status, 200);
        assert.deepEqual(Item(reply, 'ratelimit-policy', 'ip'), { q: 5, w: 3600 });
        const now = Item(reply, 'ratelimit', 'ip').r;
        if (remaining !== undefined) assert.equal(now, remaining - 1);
        remaining = now;
      } while (remaining > 0);
      const refused = await api.Get(kCheap);
      ExpectProblem(refused, { status: 429, type: '/problems/rate-limited', instance: kCheap });
      assert.equal((await api.Get('/health/live')).status, 200, 'health probes are never limited');
      assert.equal(refused.headers.get('retry-after'), '720');
    } finally {
      await server.Stop();
    }
  });

  it('limits an authenticated user across addresses', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_RATE_LIMIT_USER_LIMIT: 3, RAMPART_RATE_LIMIT_USER_WINDOW: '1h' } });
    try {
      const api = new Api(server.baseUrl);
      // rampart:begin(iam)
      const user = await SignedInUser(api);
      const me = () => api.Get('/api/v1/users/me', { token: user.tokens.accessToken });
      // rampart:else
      // const user = await SignedInPrincipal(server);
      // const me = () => api.Get('/api/v1/notes', { token: user.token });
      // rampart:end
      for (let i = 0; i < 3; ++i) {
        const reply = await me();
        assert.equal(reply.status, 200, reply.Describe());
        assert.equal(Item(reply, 'ratelimit', 'user').r, 2 - i);
      }
      const refused = await me();
      // rampart:begin(iam)
      ExpectProblem(refused, { status: 429, type: '/problems/rate-limited', instance: '/api/v1/users/me' });
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      const other = await SignedInUser(api);
      assert.equal((await api.Get('/api/v1/users/me', { token: other.tokens.accessToken })).status, 200);
      // rampart:else
      // ExpectProblem(refused, { status: 429, type: '/problems/rate-limited', instance: '/api/v1/notes' });
      // assert.ok(Number(refused.headers.get('retry-after')) > 0);
      // const other = await SignedInPrincipal(server);
      // assert.equal((await api.Get('/api/v1/notes', { token: other.token })).status, 200);
      // rampart:end
    } finally {
      await server.Stop();
    }
  });

  it('are documented in /openapi.json (429 and 503 on every operation but the probes)', async () => {
    const server = await RampartServer.Start();
    try {
      const document = (await new Api(server.baseUrl).Get('/openapi.json')).body;
      const responses = document.paths['/api/v1/auth/login'].post.responses;  // rampart:only(iam)
      // rampart:begin(iam)
      // rampart:else
      // const responses = document.paths['/api/v1/notes'].post.responses;
      // rampart:end
      assert.equal(responses['429'].content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
      assert.ok(responses['503']);
      assert.equal(document.paths['/health/live'].get.responses['429'], undefined);
    } finally {
      await server.Stop();
    }
  });

  it('can be turned off (RAMPART_RATE_LIMIT_ENABLED=false)', async () => {
    const server = await RampartServer.Start({
      // rampart:begin(iam)
      env: { RAMPART_RATE_LIMIT_ENABLED: 'false', RAMPART_RATE_LIMIT_IP_LIMIT: 1, RAMPART_RATE_LIMIT_AUTH_LIMIT: 1 },
      // rampart:else
      // env: { RAMPART_RATE_LIMIT_ENABLED: 'false', RAMPART_RATE_LIMIT_IP_LIMIT: 1 },
      // rampart:end
    });
    try {
      const api = new Api(server.baseUrl);
      for (let i = 0; i < 5; ++i) {
        const reply = await api.Get(kCheap);
        assert.equal(reply.status, 200);
        assert.equal(reply.headers.get('ratelimit'), null);
      }
    } finally {
      await server.Stop();
    }
  });
});
