// Security middleware over HTTP on the real binary: hardening headers on every kind of answer,
// CORS, the client address behind trusted proxies, and overload protection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

// rampart:begin(iam)
import { Api, ExpectProblem, RegisterUser } from './lib/client.mjs';
// rampart:else
// import { Api, ExpectProblem, SignedInPrincipal } from './lib/client.mjs';
// rampart:end
import { RawExchange, RequestHead } from './lib/raw_http.mjs';
import { RampartServer } from './lib/server.mjs';

const kApp = 'https://app.example.com';
// A protected resource (401 without a token) and an operation that takes a JSON body.
const kProtected = '/api/v1/users/me';  // rampart:only(iam)
const kPostPath = '/api/v1/auth/login';  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// const kProtected = '/api/v1/notes';
// const kPostPath = '/api/v1/notes';
// rampart:end

// Headers as a plain object with lower-case names (fetch Headers or a raw response).
function HeadersOf(reply) {
  if (typeof reply.headers.get === 'function') return Object.fromEntries(reply.headers.entries());
  return reply.headers;
}

function ExpectHardened(reply, { hsts = false } = {}) {
  const headers = HeadersOf(reply);
  const context = `${reply.status}: ${JSON.stringify(headers)}`;
  assert.equal(headers['x-content-type-options'], 'nosniff', context);
  assert.equal(headers['x-frame-options'], 'DENY', context);
  assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, context);
  assert.equal(headers['referrer-policy'], 'no-referrer', context);
  assert.equal(headers.server, undefined, `a Server header reveals the software: ${context}`);
  if (hsts) assert.match(headers['strict-transport-security'] ?? '', /^max-age=\d{7,}/, context);
  else assert.equal(headers['strict-transport-security'], undefined, context);
}

describe('security headers', () => {
  let server;
  let api;
  before(async () => {
    server = await RampartServer.Start();
    api = new Api(server.baseUrl);
  });
  after(() => server?.Stop());

  // rampart:begin(iam)
  it('are on normal answers, and auth answers are never cached', async () => {
    ExpectHardened(await api.Get('/health/live'));
    const account = await RegisterUser(api);
    const login = await api.Post('/api/v1/auth/login', { email: account.email, password: account.password });
    assert.equal(login.status, 200, login.Describe());
    ExpectHardened(login);
    assert.equal(login.headers.get('cache-control'), 'no-store');
    const me = await api.Get('/api/v1/users/me', { token: login.body.accessToken });
    ExpectHardened(me);
    assert.equal(me.headers.get('cache-control'), 'no-store');
  });
  // rampart:else
  // it('are on normal answers, and an authenticated caller\'s answers are never cached', async () => {
  //   ExpectHardened(await api.Get('/health/live'));
  //   const { token } = await SignedInPrincipal(server);
  //   const created = await api.Post('/api/v1/notes', { title: 'Headers' }, { token });
  //   assert.equal(created.status, 201, created.Describe());
  //   ExpectHardened(created);
  //   assert.equal(created.headers.get('cache-control'), 'no-store');
  //   const mine = await api.Get('/api/v1/notes', { token });
  //   ExpectHardened(mine);
  //   assert.equal(mine.headers.get('cache-control'), 'no-store');
  // });
  // rampart:end

  it('are on error answers from the pipeline', async () => {
    const missing = await api.Get('/api/v1/no-such-thing');
    assert.equal(missing.status, 404);
    ExpectHardened(missing);
    const unauthorized = await api.Get(kProtected);
    assert.equal(unauthorized.status, 401);
    ExpectHardened(unauthorized);
    assert.equal(unauthorized.headers.get('cache-control'), 'no-store');
  });

  it('are on the answers the server gives before the pipeline (400, 413, 431)', async () => {
    const bad = await RawExchange(server.port, 'THIS IS NOT HTTP\r\n\r\n');
    assert.equal(bad.status, 400, bad.text);
    ExpectHardened(bad);
    const big_headers = await RawExchange(server.port, RequestHead('GET', '/health/live', { 'X-Pad': 'p'.repeat(20_000) }));
    assert.equal(big_headers.status, 431, big_headers.text);
    ExpectHardened(big_headers);
    const big_body = await RawExchange(server.port, RequestHead('POST', kPostPath, { 'Content-Length': 2 * 1024 * 1024 }));
    assert.equal(big_body.status, 413, big_body.text);
    ExpectHardened(big_body);
    assert.equal(big_body.headers['cache-control'], 'no-store');
  });

  it('include HSTS when a TLS-terminating proxy is declared', async () => {
    const behind = await RampartServer.Start({ env: { RAMPART_BEHIND_TLS: 'true' } });
    try {
      ExpectHardened(await new Api(behind.baseUrl).Get('/health/live'), { hsts: true });
      const early = await RawExchange(behind.port, 'THIS IS NOT HTTP\r\n\r\n');
      ExpectHardened(early, { hsts: true });
    } finally {
      await behind.Stop();
    }
  });
});

describe('CORS', () => {
  let server;
  let api;
  before(async () => {
    server = await RampartServer.Start({
      env: { RAMPART_CORS_ORIGINS: `${kApp},http://localhost:3000`, RAMPART_CORS_CREDENTIALS: 'true', RAMPART_CORS_MAX_AGE: '5m' },
    });
    api = new Api(server.baseUrl);
  });
  after(() => server?.Stop());

  it('answers a preflight from an allowed origin', async () => {
    const reply = await api.Request('OPTIONS', kPostPath, {
      headers: { origin: kApp, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(reply.status, 204, reply.Describe());
    assert.equal(reply.headers.get('access-control-allow-origin'), kApp);
    assert.equal(reply.headers.get('access-control-allow-credentials'), 'true');
    assert.match(reply.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    assert.match(reply.headers.get('access-control-allow-headers') ?? '', /Content-Type/i);
    assert.equal(reply.headers.get('access-control-max-age'), '300');
    assert.match(reply.headers.get('vary') ?? '', /\bOrigin\b/);
    ExpectHardened(reply);
  });

  it('lets an allowed origin read answers, errors included', async () => {
    const ok = await api.Get('/health/live', { headers: { origin: kApp } });
    assert.equal(ok.headers.get('access-control-allow-origin'), kApp);
    assert.match(ok.headers.get('access-control-expose-headers') ?? '', /X-Correlation-Id/);
    assert.match(ok.headers.get('vary') ?? '', /\bOrigin\b/);
    const unauthorized = await api.Get(kProtected, { headers: { origin: kApp } });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get('access-control-allow-origin'), kApp);
  });

  it('gives a disallowed origin no CORS header at all', async () => {
    for (const origin of ['https://evil.example.com', 'https://app.example.com.evil.net', 'null']) {
      const preflight = await api.Request('OPTIONS', kPostPath, {
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      const actual = await api.Get('/health/live', { headers: { origin } });
      for (const reply of [preflight, actual]) {
        const cors = Object.keys(HeadersOf(reply)).filter((name) => name.startsWith('access-control-'));
        assert.deepEqual(cors, [], `${origin}: ${reply.status} ${cors}`);
        assert.match(reply.headers.get('vary') ?? '', /\bOrigin\b/);
      }
      assert.notEqual(preflight.status, 204, 'a refused preflight is not answered as one');
    }
  });
});

describe('client address behind proxies', () => {
  // The access log's clientIp for the request with this correlation id.
  async function LoggedClientIp(server, correlation_id) {
    const line = await server.WaitForLine((text) => text.includes('"request"') && text.includes(correlation_id));
    return JSON.parse(line).clientIp;
  }

  it('honours X-Forwarded-For from a trusted proxy (rightmost untrusted entry)', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_TRUSTED_PROXIES: '127.0.0.0/8, 10.0.0.0/8' } });
    try {
      const api = new Api(server.baseUrl);
      await api.Get('/health/live', { headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23, 10.1.1.1', 'x-correlation-id': 'e2e-xff-trusted' } });
      assert.equal(await LoggedClientIp(server, 'e2e-xff-trusted'), '198.51.100.23');
    } finally {
      await server.Stop();
    }
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_TRUSTED_PROXIES: '10.0.0.0/8' } });
    try {
      const api = new Api(server.baseUrl);
      await api.Get('/health/live', { headers: { 'x-forwarded-for': '198.51.100.23', 'x-correlation-id': 'e2e-xff-untrusted' } });
      assert.equal(await LoggedClientIp(server, 'e2e-xff-untrusted'), '127.0.0.1');
    } finally {
      await server.Stop();
    }
  });

  it('rate-limits each forwarded client separately', async () => {
    const server = await RampartServer.Start({
      env: { RAMPART_TRUSTED_PROXIES: '127.0.0.1', RAMPART_RATE_LIMIT_IP_LIMIT: 2, RAMPART_RATE_LIMIT_IP_WINDOW: '1h' },
    });
    try {
      const api = new Api(server.baseUrl);
      const from = (ip) => api.Get('/.well-known/jwks.json', { headers: { 'x-forwarded-for': ip } });  // rampart:only(iam)
      // rampart:begin(iam)
      // rampart:else
      // const from = (ip) => api.Get('/openapi.json', { headers: { 'x-forwarded-for': ip } });
      // rampart:end
      assert.equal((await from('198.51.100.1')).status, 200);
      assert.equal((await from('198.51.100.1')).status, 200);
      assert.equal((await from('198.51.100.1')).status, 429);
      assert.equal((await from('198.51.100.2')).status, 200, 'another client behind the same proxy');
    } finally {
      await server.Stop();
    }
  });
});

describe('overload protection', () => {
  // rampart:begin(iam)
  // Logins with a wrong password each hold a worker for one Argon2id hash (tens of ms).
  async function Burst(api, email, count) {
    return Promise.all(
      Array.from({ length: count }, () => api.Post('/api/v1/auth/login', { email, password: 'wrong-password-123' })),
    );
  }
  const kAnswered = 401;  // the wrong password
  // rampart:else
  // // Notes created at once, each holding a worker for its write (short: hence many of them).
  // async function Burst(server, count) {
  //   const api = new Api(server.baseUrl);
  //   const { token } = await SignedInPrincipal(server);
  //   const body = { title: 'Burst', body: 'b'.repeat(5000) };
  //   return Promise.all(Array.from({ length: count }, () => api.Post('/api/v1/notes', body, { token })));
  // }
  // const kAnswered = 201;  // the note created
  // rampart:end

  function ExpectBusy(reply) {
    ExpectProblem(reply, { status: 503, type: '/problems/unavailable', instance: kPostPath });
    assert.equal(reply.headers.get('retry-after'), '1');
    ExpectHardened(reply);
  }

  it('refuses requests beyond the in-flight bound with 503 and Retry-After', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_MAX_IN_FLIGHT: 1 } });
    try {
      const api = new Api(server.baseUrl);
      const replies = await Burst(api, 'nobody@example.com', 16);  // rampart:only(iam)
      // rampart:begin(iam)
      // rampart:else
      // const replies = await Burst(server, 32);
      // rampart:end
      const busy = replies.filter((reply) => reply.status === 503);
      assert.ok(busy.length > 0, `no 503 among ${replies.map((reply) => reply.status)}`);
      assert.ok(replies.some((reply) => reply.status === kAnswered), 'the request in flight is answered');
      for (const reply of busy) ExpectBusy(reply);
      assert.equal((await api.Get('/health/live')).status, 200, 'and the server recovers');
    } finally {
      await server.Stop();
    }
  });

  it('answers a full worker queue the same way', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_WORKER_THREADS: 1, RAMPART_WORKER_QUEUE_LIMIT: 1 } });
    try {
      const replies = await Burst(new Api(server.baseUrl), 'nobody@example.com', 16);  // rampart:only(iam)
      // rampart:begin(iam)
      // rampart:else
      // const replies = await Burst(server, 32);
      // rampart:end
      const busy = replies.filter((reply) => reply.status === 503);
      assert.ok(busy.length > 0, `no 503 among ${replies.map((reply) => reply.status)}`);
      for (const reply of busy) ExpectBusy(reply);
    } finally {
      await server.Stop();
    }
  });
});
