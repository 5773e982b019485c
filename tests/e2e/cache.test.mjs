// The identity cache over HTTP: cached reads stay correct after every write (invalidation).
// rampart:begin(redis)
// With a real Redis too: keys follow rampart:<env>:<entity>:<id>:v<n>, Redis killed mid-test
// costs no request, /health/ready says "degraded" (200) meanwhile, and two instances sharing one
// Redis (and one database) see each other's logout-all at once.
// rampart:end
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, ExpectUnauthorized, Login, SignedInUser } from './lib/client.mjs';
import { RedisServer } from './lib/redis.mjs';  // rampart:only(redis)
import { RampartServer } from './lib/server.mjs';

const kMe = '/api/v1/users/me';
const kLogoutAll = '/api/v1/auth/logout-all';

async function ReadMeTimes(api, token, times) {
  const bodies = [];
  for (let i = 0; i < times; ++i) bodies.push(ExpectJson(await api.Get(kMe, { token }), 200));
  return bodies;
}

// Invalidation checks that hold whichever cache backs the instance.
function InvalidationSuite(start) {
  let server;
  let api;
  before(async () => {
    server = await start();
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('serves the profile change on the very next read', async () => {
    const account = await SignedInUser(api, { displayName: 'Before' });
    const token = account.tokens.accessToken;
    await ReadMeTimes(api, token, 3);  // cached now
    ExpectJson(await api.Patch(kMe, { displayName: 'After' }, { token }), 200);
    const [me] = await ReadMeTimes(api, token, 1);
    assert.equal(me.displayName, 'After');
  });

  it('refuses a token right after logout-all although it was cached', async () => {
    const account = await SignedInUser(api);
    const token = account.tokens.accessToken;
    await ReadMeTimes(api, token, 3);
    assert.equal((await api.Post(kLogoutAll, undefined, { token })).status, 204);
    ExpectUnauthorized(await api.Get(kMe, { token }), kMe);
  });

  it('refuses a token right after its session was logged out', async () => {
    const account = await SignedInUser(api);
    const token = account.tokens.accessToken;
    await ReadMeTimes(api, token, 3);
    const reply = await api.Post('/api/v1/auth/logout', { refreshToken: account.tokens.refreshToken });
    assert.equal(reply.status, 204);
    ExpectUnauthorized(await api.Get(kMe, { token }), kMe);
  });

  it('refuses a token right after a password change', async () => {
    const account = await SignedInUser(api);
    const token = account.tokens.accessToken;
    await ReadMeTimes(api, token, 3);
    const changed = await api.Post('/api/v1/users/me/password',
      { currentPassword: account.password, newPassword: `${account.password}-new` }, { token });
    assert.equal(changed.status, 204);
    ExpectUnauthorized(await api.Get(kMe, { token }), kMe);
  });
}

describe('identity cache, in-process (the embedded default)', () => {
  InvalidationSuite(() => RampartServer.Start());
});

// rampart:begin(redis)
describe('identity cache on Redis', () => {
  let redis;
  before(async () => {
    redis = await RedisServer.Start();
  });
  after(async () => {
    if (redis) await redis.Stop();
  });

  describe('invalidation', () => {
    InvalidationSuite(() => RampartServer.Start({ env: { RAMPART_REDIS_URL: redis.url } }));
  });

  // Instances behind one load balancer share the issuer (and, through the data dir, the keys).
  const SharedEnv = () => ({ RAMPART_REDIS_URL: redis.url, RAMPART_JWT_ISSUER: 'http://rampart.test' });

  describe('keys, outage and sharing', () => {
    let server;
    let api;
    before(async () => {
      server = await RampartServer.Start({ env: SharedEnv() });
      api = new Api(server.baseUrl);
    });
    after(async () => {
      if (server) await server.Stop();
    });

    it('names keys rampart:<env>:<entity>:<id>:v1 and keeps no password hash in Redis', async () => {
      const account = await SignedInUser(api);
      await ReadMeTimes(api, account.tokens.accessToken, 2);
      const keys = redis.Cli('--scan', '--pattern', `rampart:development:*${account.user.id}*`);
      assert.ok(keys.includes(`rampart:development:user:${account.user.id}:v1`), keys.join(' '));
      const value = redis.Cli('GET', `rampart:development:user:${account.user.id}:v1`).join('\n');
      assert.ok(value.includes(account.email));
      assert.ok(!value.includes('$argon2id$'), 'a password hash reached Redis');
      const ttl = Number(redis.Cli('PTTL', `rampart:development:user:${account.user.id}:v1`)[0]);
      assert.ok(ttl > 0 && ttl <= 60_000, `TTL ${ttl}`);
    });

    it('keeps answering while Redis is killed, reports degraded, and recovers', async () => {
      const account = await SignedInUser(api);
      const token = account.tokens.accessToken;
      await ReadMeTimes(api, token, 3);
      await redis.Kill();
      try {
        // Reads, writes and logins all succeed from the database.
        for (let i = 0; i < 20; ++i) ExpectJson(await api.Get(kMe, { token }), 200);
        const renamed = ExpectJson(await api.Patch(kMe, { displayName: 'Without Redis' }, { token }), 200);
        assert.equal(renamed.displayName, 'Without Redis');
        const again = await Login(api, account.email, account.password);
        ExpectJson(await api.Get(kMe, { token: again.accessToken }), 200);
        const ready = await api.Get('/health/ready');
        const health = ExpectJson(ready, 200);
        assert.equal(health.status, 'degraded');
        assert.equal(health.checks.cache.status, 'degraded');
        assert.equal(health.checks.database.status, 'up');
      } finally {
        await redis.Restart();
      }
      // Back: the cache refills and readiness is "up" again.
      let health;
      for (let i = 0; i < 100; ++i) {
        health = ExpectJson(await api.Get('/health/ready'), 200);
        if (health.status === 'up') break;
        await new Promise((done) => setTimeout(done, 50));
      }
      assert.equal(health.status, 'up');
      const [me] = await ReadMeTimes(api, token, 2);
      assert.equal(me.displayName, 'Without Redis');
      assert.ok(redis.Cli('EXISTS', `rampart:development:user:${account.user.id}:v1`)[0] === '1');
    });

    it('two instances sharing Redis and the database honour logout-all on either at once', async () => {
      const second = await RampartServer.Start({
        dataDir: server.dataDir,
        databaseUrl: server.databaseUrl,  // the same database on PostgreSQL runs too
        adminPassword: null,
        env: SharedEnv(),
      });
      try {
        const other = new Api(second.baseUrl);
        const account = await SignedInUser(api);
        const token = account.tokens.accessToken;
        await ReadMeTimes(api, token, 3);
        await ReadMeTimes(other, token, 3);  // both instances have verified and cached it
        assert.equal((await other.Post(kLogoutAll, undefined, { token })).status, 204);
        ExpectUnauthorized(await api.Get(kMe, { token }), kMe);
        ExpectUnauthorized(await other.Get(kMe, { token }), kMe);
      } finally {
        await second.Stop();
      }
    });
  });
});
// rampart:end

