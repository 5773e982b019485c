// Rate limits shared through Redis: two instances of the binary on one redis-server enforce one
// auth limit per client address (requests alternating between them are counted together), the
// bucket is a Redis key rampart:<env>:ratelimit:auth:<ip>:v1, and with Redis killed each
// instance keeps serving under its own in-process limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectProblem, UniqueEmail } from './lib/client.mjs';
import { RedisServer } from './lib/redis.mjs';
import { RampartServer } from './lib/server.mjs';

const kLogin = '/api/v1/auth/login';
const kLimit = 6;

// The `params` of item `name` in a structured-field list header ('"ip";r=1;t=2, "auth";r=3').
function Item(reply, header, name) {
  for (const item of (reply.headers.get(header) ?? '').split(',')) {
    const [item_name, ...params] = item.trim().split(';');
    if (item_name && JSON.parse(item_name) === name) {
      return Object.fromEntries(params.map((param) => param.split('=')).map(([k, v]) => [k, Number(v)]));
    }
  }
  return undefined;
}

// Until /health/ready reports the cache up: the instance's Redis connection (shared by the
// cache and the limiter) is established, so the first decisions are Redis' ones.
async function WaitForRedis(server) {
  const api = new Api(server.baseUrl);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const health = (await api.Get('/health/ready')).body;
    if (health.checks?.cache?.status === 'up') return;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`${server.baseUrl} never reached Redis`);
}

// A new address each time: five failures of one address would lock it out (429 `locked`).
const Attempt = (api) => api.Post(kLogin, { email: UniqueEmail('nobody'), password: 'wrong-password-123' });

describe('rate limits shared by two instances through Redis', () => {
  let redis;
  let first;
  let second;
  before(async () => {
    redis = await RedisServer.Start();
    // An hour-long window: no token comes back while the test runs.
    const env = {
      RAMPART_REDIS_URL: redis.url,
      RAMPART_RATE_LIMIT_AUTH_LIMIT: kLimit,
      RAMPART_RATE_LIMIT_AUTH_WINDOW: '1h',
    };
    [first, second] = await Promise.all([RampartServer.Start({ env }), RampartServer.Start({ env })]);
    await Promise.all([WaitForRedis(first), WaitForRedis(second)]);
  });
  after(async () => {
    await Promise.all([first?.Stop(), second?.Stop()]);
    await redis?.Stop();
  });

  it('counts logins alternating between the instances against one limit', async () => {
    const apis = [new Api(first.baseUrl), new Api(second.baseUrl)];
    for (let i = 0; i < kLimit; ++i) {
      const reply = await Attempt(apis[i % 2]);
      assert.equal(reply.status, 401, reply.Describe());
      assert.deepEqual(Item(reply, 'ratelimit-policy', 'auth'), { q: kLimit, w: 3600 });
      assert.equal(Item(reply, 'ratelimit', 'auth').r, kLimit - 1 - i, `attempt ${i}`);
    }
    for (const api of apis) {
      const refused = await Attempt(api);
      ExpectProblem(refused, { status: 429, type: '/problems/rate-limited', instance: kLogin });
      const retry_after = Number(refused.headers.get('retry-after'));
      // The next token comes 10 minutes after the first attempt.
      assert.ok(retry_after > 500 && retry_after <= 600, `Retry-After: ${refused.headers.get('retry-after')}`);
      assert.equal(Item(refused, 'ratelimit', 'auth').r, 0);
    }

    const key = 'rampart:development:ratelimit:auth:127.0.0.1:v1';
    assert.equal(redis.Cli('EXISTS', key)[0], '1');
    const ttl_ms = Number(redis.Cli('PTTL', key)[0]);
    assert.ok(ttl_ms > 0 && ttl_ms <= 3600_000, `PTTL ${ttl_ms}`);
  });

  it('keeps serving under each instance\'s own limits once Redis is killed', async () => {
    await redis.Kill();
    const apis = [new Api(first.baseUrl), new Api(second.baseUrl)];
    // Each instance now starts from a full local bucket: kLimit attempts each, then 429.
    for (const api of apis) {
      for (let i = 0; i < kLimit; ++i) {
        const reply = await Attempt(api);
        assert.equal(reply.status, 401, reply.Describe());
        assert.equal(Item(reply, 'ratelimit', 'auth').r, kLimit - 1 - i, `attempt ${i}`);
      }
      const refused = await Attempt(api);
      ExpectProblem(refused, { status: 429, type: '/problems/rate-limited', instance: kLogin });
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal((await api.Get('/.well-known/jwks.json')).status, 200);
    }
    for (const server of [first, second]) {
      const switches = server.allLines.filter((line) => line.includes('deciding with this instance\'s local limits'));
      assert.equal(switches.length, 1, 'one log line per transition, not per request');
    }
  });
});
