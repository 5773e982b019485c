// Registration, login, refresh-token rotation with reuse detection, and logout.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  DecodeJwt,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  ExpectValidation,
  kRfc3339Utc,
  kUuid,
  Login,
  RegisterUser,
  SignedInUser,
  UniqueEmail,
  UniquePassword,
} from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kRegister = '/api/v1/auth/register';
const kLogin = '/api/v1/auth/login';
const kRefresh = '/api/v1/auth/refresh';
const kLogout = '/api/v1/auth/logout';
const kMe = '/api/v1/users/me';

let server;
let api;

before(async () => {
  server = await RampartServer.Start();
  api = new Api(server.baseUrl);
});
after(async () => {
  if (server) await server.Stop();
});

function AssertRecent(timestamp, what) {
  assert.match(timestamp, kRfc3339Utc, `${what} is not RFC 3339 UTC: ${timestamp}`);
  const skew = Math.abs(Date.parse(timestamp) - Date.now());
  assert.ok(skew < 120_000, `${what} ${timestamp} is ${skew} ms away from now`);
}

describe('register', () => {
  it('creates a user: 201, Location, and the documented shape', async () => {
    const email = UniqueEmail('Mixed.Case');
    const password = UniquePassword();
    const reply = await api.Post(kRegister, { email: email.toUpperCase(), password, displayName: 'Ada Lovelace' });
    const user = ExpectJson(reply, 201);
    assert.match(user.id, kUuid);
    assert.equal(user.email, email.toLowerCase());
    assert.equal(user.displayName, 'Ada Lovelace');
    assert.equal(user.emailVerified, false);
    assert.equal(user.locked, false);
    assert.deepEqual(user.roles, ['user']);
    AssertRecent(user.createdAt, 'createdAt');
    AssertRecent(user.updatedAt, 'updatedAt');
    assert.equal(reply.headers.get('location'), `/api/v1/users/${user.id}`);
    assert.deepEqual(Object.keys(user).sort(), ['createdAt', 'displayName', 'email', 'emailVerified', 'id', 'locked', 'roles', 'updatedAt']);
    assert.ok(!reply.text.includes(password), 'the response echoes the password');
  });

  it('gives every user a different id', async () => {
    const first = await RegisterUser(api);
    const second = await RegisterUser(api);
    assert.notEqual(first.user.id, second.user.id);
  });

  it('refuses a taken e-mail address regardless of case with 409', async () => {
    const local = `alice-${Date.now()}`;
    await RegisterUser(api, { email: `${local}@example.com` });
    const reply = await api.Post(kRegister, { email: `${local.toUpperCase()}@Example.COM`, password: UniquePassword(), displayName: 'Alice Again' });
    ExpectProblem(reply, { status: 409, type: '/problems/conflict', instance: kRegister });
  });

  it('names an invalid e-mail address', async () => {
    for (const email of ['not-an-email', 'two@@example.com', '@example.com', 'spaces in@example.com']) {
      const reply = await api.Post(kRegister, { email, password: UniquePassword(), displayName: 'X' });
      ExpectValidation(reply, kRegister, ['email']);
    }
  });

  it('enforces the password length of 12 to 128 characters', async () => {
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), password: 'Short-pw-11', displayName: 'X' }), kRegister, ['password']);
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), password: 'p'.repeat(129), displayName: 'X' }), kRegister, ['password']);
    // The bounds themselves are allowed (passwords the strength estimate accepts: a repeated
    // letter or a short word-like one would be refused for being guessable, not for their length).
    await RegisterUser(api, { password: 'kR8#vLq2!pZ9' });
    await RegisterUser(api, { password: randomBytes(64).toString('hex') });
  });

  it('counts password length in characters, not bytes', async () => {
    // 11 euro signs are 33 bytes but 11 characters: too short.
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), password: '€'.repeat(11), displayName: 'X' }), kRegister, ['password']);
    // 12 characters are long enough, however many bytes (varied ones: twelve times the same sign
    // is long enough but too easy to guess).
    const account = await RegisterUser(api, { password: '€£¥₩₹₽¢₺₴₦₱₲' });
    await Login(api, account.email, account.password);
  });

  it('refuses a password that contains the e-mail local part', async () => {
    const local = `grace${Date.now()}`;
    const reply = await api.Post(kRegister, { email: `${local}@example.com`, password: `my-${local}-secret`, displayName: 'Grace' });
    ExpectValidation(reply, kRegister, ['password']);
  });

  it('validates the display name (not empty, at most 100 characters)', async () => {
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), password: UniquePassword(), displayName: '' }), kRegister, ['displayName']);
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), password: UniquePassword(), displayName: '   ' }), kRegister, ['displayName']);
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), password: UniquePassword(), displayName: 'n'.repeat(101) }), kRegister, ['displayName']);
    await RegisterUser(api, { displayName: 'n'.repeat(100) });
  });

  it('reports every invalid field at once', async () => {
    const reply = await api.Post(kRegister, { email: 'nope', password: 'short', displayName: '' });
    ExpectValidation(reply, kRegister, ['email', 'password', 'displayName']);
  });

  it('names each missing field', async () => {
    ExpectValidation(await api.Post(kRegister, {}), kRegister, ['email', 'password', 'displayName']);
    ExpectValidation(await api.Post(kRegister, { email: UniqueEmail(), displayName: 'X' }), kRegister, ['password']);
  });

  it('answers a body that is not JSON with 400', async () => {
    const reply = await api.Request('POST', kRegister, { body: 'email=a@b.c', headers: { 'content-type': 'application/json' } });
    ExpectProblem(reply, { status: 400, type: '/problems/bad-request', instance: kRegister });
  });

  it('does not let a client choose its roles or flags', async () => {
    const reply = await api.Post(kRegister, {
      email: UniqueEmail(), password: UniquePassword(), displayName: 'Mallory',
      roles: ['admin'], emailVerified: true, locked: false, id: '00000000-0000-4000-8000-000000000000',
    });
    // Refusing unknown members outright is as good as ignoring them; granting them is not.
    if (reply.status === 400 || reply.status === 422) return;
    const user = ExpectJson(reply, 201);
    assert.deepEqual(user.roles, ['user']);
    assert.equal(user.emailVerified, false);
    assert.notEqual(user.id, '00000000-0000-4000-8000-000000000000');
  });
});

describe('login', () => {
  let account;
  before(async () => {
    account = await RegisterUser(api);
  });

  it('returns a bearer token pair', async () => {
    const reply = await api.Post(kLogin, { email: account.email, password: account.password });
    const tokens = ExpectJson(reply, 200);
    assert.equal(tokens.tokenType, 'Bearer');
    assert.equal(tokens.expiresIn, 600);
    assert.equal(tokens.accessToken.split('.').length, 3, 'access token is not a compact JWS');
    assert.equal(DecodeJwt(tokens.accessToken).payload.sub, account.user.id);
    assert.equal(typeof tokens.refreshToken, 'string');
    assert.ok(tokens.refreshToken.length >= 32, 'refresh token is too short to be unguessable');
    assert.notEqual(tokens.refreshToken.split('.').length, 3, 'refresh tokens should be opaque, not JWTs');
    assert.match(reply.headers.get('cache-control') ?? '', /no-store/, 'token responses must not be cached');
  });

  it('opens a new session per login', async () => {
    const first = await Login(api, account.email, account.password);
    const second = await Login(api, account.email, account.password);
    assert.notEqual(first.refreshToken, second.refreshToken);
    assert.notEqual(DecodeJwt(first.accessToken).payload.sid, DecodeJwt(second.accessToken).payload.sid);
  });

  it('accepts the e-mail address in any case', async () => {
    await Login(api, account.email.toUpperCase(), account.password);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await api.Post(kLogin, { email: account.email, password: `${account.password}x` });
    const unknown = await api.Post(kLogin, { email: UniqueEmail('ghost'), password: account.password });
    const wrong_problem = ExpectProblem(wrong, { status: 401, type: '/problems/unauthorized', instance: kLogin });
    const unknown_problem = ExpectProblem(unknown, { status: 401, type: '/problems/unauthorized', instance: kLogin });
    assert.equal(wrong_problem.detail, 'Invalid email or password.');
    const Strip = ({ traceId, instance, ...rest }) => rest;
    assert.deepEqual(Strip(wrong_problem), Strip(unknown_problem));
    // Headers that could tell the two apart must not differ either.
    assert.equal(wrong.headers.get('www-authenticate'), unknown.headers.get('www-authenticate'));
    // The failure did not lock the account or break later logins.
    await Login(api, account.email, account.password);
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    // Without a dummy hash, an unknown e-mail answers in ~1 ms against ~50 ms of Argon2id:
    // a timing oracle for which addresses have accounts. The fastest of several interleaved
    // samples each: on a shared machine a neighbour's load only ever adds time, so the minimum
    // estimates the work itself (a median of three was thrown off by one busy moment).
    const Time = async (body) => {
      const started = performance.now();
      const reply = await api.Post(kLogin, body);
      assert.equal(reply.status, 401);
      return performance.now() - started;
    };
    const known = [];
    const unknown = [];
    // Four wrong passwords stay below the default lockout threshold (5).
    for (let i = 0; i < 4; ++i) {
      known.push(await Time({ email: account.email, password: `wrong-password-${i}-xyz` }));
      unknown.push(await Time({ email: UniqueEmail('nobody'), password: `wrong-password-${i}-xyz` }));
    }
    await Login(api, account.email, account.password); // resets the failure counter
    const fastest = (values) => Math.min(...values);
    assert.ok(fastest(unknown) > 0.3 * fastest(known),
      `unknown user ${fastest(unknown).toFixed(1)} ms vs wrong password ${fastest(known).toFixed(1)} ms (fastest of ${known.length}: ${unknown.map((t) => t.toFixed(0))} vs ${known.map((t) => t.toFixed(0))})`);
  });

  it('answers as fast for a locked-out unknown address as for a locked-out account', async () => {
    // A locked-out account is answered without Argon2: an address without an account must be
    // too, or the 429's speed would tell them apart. Fastest of interleaved samples, as above.
    const locked_account = await RegisterUser(api);
    const nobody = UniqueEmail('nobody');
    for (const email of [locked_account.email, nobody]) {
      for (let i = 1; i <= 5; ++i) await api.Post(kLogin, { email, password: `wrong-password-${i}-xyz` });
    }
    const Time = async (email) => {
      const started = performance.now();
      const reply = await api.Post(kLogin, { email, password: 'wrong-password-x-xyz' });
      assert.equal(reply.status, 429, reply.Describe()); // inside the default 1 min lock
      return performance.now() - started;
    };
    const known = [];
    const unknown = [];
    for (let i = 0; i < 10; ++i) {
      known.push(await Time(locked_account.email));
      unknown.push(await Time(nobody));
    }
    const fastest = (values) => Math.min(...values);
    const detail = `locked unknown ${fastest(unknown).toFixed(1)} ms vs locked account ${fastest(known).toFixed(1)} ms (${unknown.map((t) => t.toFixed(1))} vs ${known.map((t) => t.toFixed(1))})`;
    // Both skip Argon2 (~50 ms): the fastest answers may differ by less than half of one hash. An
    // absolute bound, not a ratio: on a loaded machine a 3 ms answer can take 12 ms (a ratio of 2
    // failed there), while a leak adds a whole hash.
    assert.ok(Math.abs(fastest(unknown) - fastest(known)) < 25, detail);
  });

  it('names missing fields with 422', async () => {
    ExpectValidation(await api.Post(kLogin, {}), kLogin, ['email', 'password']);
    ExpectValidation(await api.Post(kLogin, { email: account.email }), kLogin, ['password']);
  });
});

describe('refresh', () => {
  it('rotates the pair within the same session', async () => {
    const { tokens, user } = await SignedInUser(api);
    const reply = await api.Post(kRefresh, { refreshToken: tokens.refreshToken });
    const next = ExpectJson(reply, 200);
    assert.equal(next.tokenType, 'Bearer');
    assert.equal(next.expiresIn, 600);
    assert.notEqual(next.refreshToken, tokens.refreshToken);
    assert.notEqual(next.accessToken, tokens.accessToken);
    const before_claims = DecodeJwt(tokens.accessToken).payload;
    const after_claims = DecodeJwt(next.accessToken).payload;
    assert.equal(after_claims.sub, user.id);
    assert.equal(after_claims.sid, before_claims.sid, 'refresh must stay in the same session');
    assert.notEqual(after_claims.jti, before_claims.jti);
    assert.match(reply.headers.get('cache-control') ?? '', /no-store/);
    ExpectJson(await api.Get(kMe, { token: next.accessToken }), 200);
  });

  it('detects reuse of a spent refresh token and revokes the whole session', async () => {
    const { tokens } = await SignedInUser(api);
    const second = ExpectJson(await api.Post(kRefresh, { refreshToken: tokens.refreshToken }), 200);
    const third = ExpectJson(await api.Post(kRefresh, { refreshToken: second.refreshToken }), 200);

    // Replaying the first (spent) token: refused...
    ExpectProblem(await api.Post(kRefresh, { refreshToken: tokens.refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    // ...and the session is gone: its newest refresh token and its access tokens stop working.
    ExpectProblem(await api.Post(kRefresh, { refreshToken: third.refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    ExpectUnauthorized(await api.Get(kMe, { token: third.accessToken }), kMe);
  });

  it('revokes only the reused session, not the user\'s other sessions', async () => {
    const account = await SignedInUser(api);
    const other = await Login(api, account.email, account.password);
    ExpectJson(await api.Post(kRefresh, { refreshToken: account.tokens.refreshToken }), 200);
    ExpectProblem(await api.Post(kRefresh, { refreshToken: account.tokens.refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    ExpectJson(await api.Post(kRefresh, { refreshToken: other.refreshToken }), 200);
  });

  it('refuses unknown and garbage tokens with 401', async () => {
    for (const refreshToken of ['garbage', 'x'.repeat(43), 'a'.repeat(5000), "' OR 1=1 --"]) {
      ExpectProblem(await api.Post(kRefresh, { refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    }
  });

  it('does not accept an access token as a refresh token', async () => {
    const { tokens } = await SignedInUser(api);
    ExpectProblem(await api.Post(kRefresh, { refreshToken: tokens.accessToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
  });

  it('names a missing refreshToken with 422', async () => {
    ExpectValidation(await api.Post(kRefresh, {}), kRefresh, ['refreshToken']);
  });
});

describe('logout', () => {
  it('ends the session: 204, then its refresh and access tokens are refused', async () => {
    const { tokens } = await SignedInUser(api);
    ExpectJson(await api.Get(kMe, { token: tokens.accessToken }), 200);
    const reply = await api.Post(kLogout, { refreshToken: tokens.refreshToken });
    assert.equal(reply.status, 204, reply.Describe());
    assert.equal(reply.text, '');
    ExpectProblem(await api.Post(kRefresh, { refreshToken: tokens.refreshToken }), { status: 401, type: '/problems/unauthorized', instance: kRefresh });
    ExpectUnauthorized(await api.Get(kMe, { token: tokens.accessToken }), kMe);
  });

  it('leaves the user\'s other sessions alone', async () => {
    const account = await SignedInUser(api);
    const other = await Login(api, account.email, account.password);
    assert.equal((await api.Post(kLogout, { refreshToken: account.tokens.refreshToken })).status, 204);
    ExpectJson(await api.Get(kMe, { token: other.accessToken }), 200);
    ExpectJson(await api.Post(kRefresh, { refreshToken: other.refreshToken }), 200);
  });
});
