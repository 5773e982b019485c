// Signing-key rotation seen from outside (docs/security.md#signing-keys): `rampart keys`, the
// JWKS before and after a rotation, tokens signed before it verified by jose against the JWKS,
// a retired key leaving the JWKS only once its tokens expired, SIGHUP and polling, two
// instances sharing the key directory, `retire --now`, EdDSA keys, and production's refusal to
// make up keys on first start. Short token lifetimes keep the waits to seconds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createRemoteJWKSet, jwtVerify } from 'jose';

import { Api, DecodeJwt, ExpectJson, ExpectUnauthorized, Login, RegisterUser } from './lib/client.mjs';
import { Eventually, MakeTempDir, RampartServer, RunCli } from './lib/server.mjs';

const kMe = '/api/v1/users/me';
const kSkewSeconds = 1;
// Tokens live `ttl` seconds; a retired key stays ttl + kSkewSeconds + the reload interval.
const Lifetimes = (reload, ttl) => ({
  RAMPART_ACCESS_TOKEN_TTL: `${ttl}s`,
  RAMPART_JWT_CLOCK_SKEW: `${kSkewSeconds}s`,
  RAMPART_RELOAD_INTERVAL: reload,
});

// The discovery document's list of signing algorithms.
const AdvertisedAlgorithms = (discovery) => discovery.access_token_signing_alg_values_supported;

async function Jwks(server) {
  return ExpectJson(await new Api(server.baseUrl).Get('/.well-known/jwks.json'), 200).keys;
}

async function Kids(server) {
  return (await Jwks(server)).map((key) => key.kid);
}

// `rampart keys ...` with the configuration of `server` (its data dir holds the key directory).
function Keys(server, args, env = {}) {
  return RunCli(['keys', ...args], {
    env: { RAMPART_DATA_DIR: server.dataDir, ...server.options.env, ...env },
  });
}

async function KeyList(server) {
  const listed = await Keys(server, ['list', '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout).keys;
}

// jose, knowing nothing but the JWKS URL (a fresh set each time: no cached keys).
function VerifyWithJose(server, token, algorithms = ['ES256']) {
  const jwks = createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, { algorithms, audience: 'rampart' });
}

describe('rotation picked up on SIGHUP (reload.interval off)', () => {
  const kTtlSeconds = 5;
  let server;
  let api;
  before(async () => {
    server = await RampartServer.Start({ env: Lifetimes('off', kTtlSeconds) });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('publishes a next key in advance, signs with the active one, and rotates to the next', async () => {
    const keys = await KeyList(server);
    assert.deepEqual(keys.map((key) => key.state), ['active', 'next']);
    const [active, next] = keys;
    assert.deepEqual((await Kids(server)).sort(), [active.kid, next.kid].sort());

    const account = await RegisterUser(api);
    const before_rotation = await Login(api, account.email, account.password);
    assert.equal(DecodeJwt(before_rotation.accessToken).header.kid, active.kid);

    const rotated = await Keys(server, ['rotate']);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stderr, new RegExp(`${next.kid} signs from now on; ${active.kid} retired`));
    assert.equal(rotated.stderr.trim().split('\n').length, 1, rotated.stderr);
    // Without polling the running instance keeps its keys until it is told.
    assert.deepEqual((await Kids(server)).sort(), [active.kid, next.kid].sort());

    const reloaded_before = server.CountLines('signing keys reloaded');
    server.child.kill('SIGHUP');
    await Eventually('the reload after SIGHUP', () => server.CountLines('signing keys reloaded') > reloaded_before);
    const after_keys = await KeyList(server);
    const new_next = after_keys.find((key) => key.state === 'next');
    assert.deepEqual(await Kids(server), [next.kid, new_next.kid, active.kid], 'active, next, retired');

    // New tokens carry the new kid; tokens signed before still verify, here and with jose.
    const after_rotation = await Login(api, account.email, account.password);
    assert.equal(DecodeJwt(after_rotation.accessToken).header.kid, next.kid);
    await VerifyWithJose(server, before_rotation.accessToken);
    await VerifyWithJose(server, after_rotation.accessToken);
    ExpectJson(await api.Get(kMe, { token: before_rotation.accessToken }), 200);
    ExpectJson(await api.Get(kMe, { token: after_rotation.accessToken }), 200);

    // The retired key leaves the JWKS by itself (no polling: the process wakes when its grace
    // ends), and only after the last token it signed has expired.
    const expires_ms = DecodeJwt(before_rotation.accessToken).payload.exp * 1000;
    await Eventually('the retired key leaving the JWKS', async () => {
      const kids = await Kids(server);
      if (kids.includes(active.kid)) return false;
      assert.ok(Date.now() >= expires_ms, `the key left ${expires_ms - Date.now()} ms before its token expired`);
      return true;
    }, (kTtlSeconds + kSkewSeconds + 4) * 1000);
    assert.deepEqual(await Kids(server), [next.kid, new_next.kid]);
    ExpectUnauthorized(await api.Get(kMe, { token: before_rotation.accessToken }), kMe);
  });

  it('explains a refused retire in one line', async () => {
    const active = (await KeyList(server)).find((key) => key.state === 'active');
    const refused = await Keys(server, ['retire', '--', active.kid]);  // a kid may start with '-'
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^keys retire: key \S+ is the active signing key: rotate first/);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    const unknown = await Keys(server, ['retire', 'no-such-kid']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'keys retire: no key no-such-kid in the key store\n');
    const help = await RunCli(['keys', 'rotate', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /next key signs from now on/);
  });
});

describe('two instances sharing the key directory (polling)', () => {
  let first;
  let second;
  before(async () => {
    // Tokens outlive this test: `retire --now` must end them before they expire.
    const env = { ...Lifetimes('500ms', 60), RAMPART_JWT_ISSUER: 'http://rampart.test' };
    first = await RampartServer.Start({ env });
    second = await RampartServer.Start({
      dataDir: first.dataDir, // and so the key directory <data_dir>/keys
      databaseUrl: first.databaseUrl,
      adminPassword: null,
      env,
    });
  });
  after(async () => {
    if (second) await second.Stop();
    if (first) await first.Stop();
  });

  it('agree on the keys after a rotation, and both honour tokens signed before it', async () => {
    const a = new Api(first.baseUrl);
    const b = new Api(second.baseUrl);
    assert.deepEqual(await Kids(second), await Kids(first));
    const [active, next] = await KeyList(first);
    const account = await RegisterUser(a);
    const old_token = (await Login(a, account.email, account.password)).accessToken;
    ExpectJson(await b.Get(kMe, { token: old_token }), 200);  // verified (and cached) by both
    ExpectJson(await a.Get(kMe, { token: old_token }), 200);

    assert.equal((await Keys(first, ['rotate'])).code, 0);
    const new_next = (await KeyList(first)).find((key) => key.state === 'next');
    const expected = [next.kid, new_next.kid, active.kid];
    for (const server of [first, second]) {
      await Eventually(`port ${server.port} polling the new keys`, async () =>
        JSON.stringify(await Kids(server)) === JSON.stringify(expected));
    }
    for (const api of [a, b]) {
      const token = (await Login(api, account.email, account.password)).accessToken;
      assert.equal(DecodeJwt(token).header.kid, next.kid);
      // Each instance honours the other's new tokens and the tokens signed before.
      ExpectJson(await (api === a ? b : a).Get(kMe, { token }), 200);
      ExpectJson(await api.Get(kMe, { token: old_token }), 200);
    }
    await VerifyWithJose(second, old_token);

    // A compromised key goes at once: `retire --now` drops it from both JWKS, and the tokens it
    // signed stop working although they have not expired (the verified-token cache forgets them).
    const dropped = await Keys(first, ['retire', '--now', '--', active.kid]);
    assert.equal(dropped.code, 0, dropped.stderr);
    for (const server of [first, second]) {
      await Eventually(`port ${server.port} dropping the key`, async () => !(await Kids(server)).includes(active.kid));
    }
    assert.ok(Date.now() < DecodeJwt(old_token).payload.exp * 1000, 'the token expired already: the test is too slow');
    ExpectUnauthorized(await a.Get(kMe, { token: old_token }), kMe);
    ExpectUnauthorized(await b.Get(kMe, { token: old_token }), kMe);
    await assert.rejects(VerifyWithJose(first, old_token));
  });
});

describe('automatic rotation (auth.key_rotation_interval)', () => {
  it('rotates by itself when the active key has signed long enough', async () => {
    const server = await RampartServer.Start({
      env: { ...Lifetimes('300ms', 5), RAMPART_JWT_KEY_ROTATION_INTERVAL: '2s' },
    });
    try {
      const [first] = await Kids(server);
      const line = await server.WaitForLine((text) => text.includes('signing keys rotated (auth.key_rotation_interval)'), 6000);
      assert.match(line, new RegExp(first));
      const [active] = await Kids(server);
      assert.notEqual(active, first);
      const account = await RegisterUser(new Api(server.baseUrl));
      const token = (await Login(new Api(server.baseUrl), account.email, account.password)).accessToken;
      assert.equal(DecodeJwt(token).header.kid, active);
      await VerifyWithJose(server, token);
    } finally {
      await server.Stop();
    }
  });
});

describe('EdDSA (auth.signing_algorithm)', () => {
  let server;
  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_JWT_ALGORITHM: 'EdDSA' } });
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('signs with Ed25519 keys that jose verifies against the JWKS', async () => {
    const api = new Api(server.baseUrl);
    const jwks = await Jwks(server);
    assert.equal(jwks.length, 2);
    for (const key of jwks) {
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      assert.equal(key.kty, 'OKP');
      assert.equal(key.crv, 'Ed25519');
      assert.equal(key.alg, 'EdDSA');
      assert.equal(Buffer.from(key.x, 'base64url').length, 32);
    }
    const discovery = ExpectJson(await api.Get('/.well-known/openid-configuration'), 200);
    assert.deepEqual(AdvertisedAlgorithms(discovery), ['EdDSA']);

    const account = await RegisterUser(api);
    const token = (await Login(api, account.email, account.password)).accessToken;
    assert.equal(DecodeJwt(token).header.alg, 'EdDSA');
    const { payload, protectedHeader } = await VerifyWithJose(server, token, ['EdDSA']);
    assert.equal(payload.sub, account.user.id);
    assert.equal(protectedHeader.typ, 'at+jwt');
    await assert.rejects(VerifyWithJose(server, token, ['ES256']), 'jose must refuse EdDSA when only ES256 is allowed');
    ExpectJson(await api.Get(kMe, { token }), 200);
  });
});

describe('production', () => {
  it('refuses to start without provisioned keys, and `keys rotate` provisions them', async () => {
    const data_dir = MakeTempDir('rampart-e2e-prodkeys-');
    const env = {
      RAMPART_ENV: 'production',
      RAMPART_DATA_DIR: data_dir,
      RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION: 'true',  // rampart:only(sqlite)
      RAMPART_JWT_ISSUER: 'https://id.example.com',
      RAMPART_BEHIND_TLS: 'true',
      RAMPART_METRICS_ACCESS: 'token',
      RAMPART_METRICS_TOKEN: 'scrape-token-0123456789',
      RAMPART_ADMIN_PASSWORD: 'Prod-root-password-1234',
      RAMPART_LISTEN: '127.0.0.1:0',
      RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION: 'true',  // no relay in this test (smtp.url rule)
      RAMPART_MFA_ENCRYPTION_KEY: 'mfa-key-for-the-prodkeys-test-0123456789',  // never generated in production
    };
    const refused = await RunCli(['serve'], { env });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^production: auth\.keys_dir \(.*\/keys\) holds no signing keys: .*`rampart keys rotate`/m);

    const created = await RunCli(['keys', 'rotate'], { env });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /^keys rotate: created the first keys in key directory /);
    const check = await RunCli(['config', 'check'], { env });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /holds no signing keys/);
  });
});
