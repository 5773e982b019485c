// Two-factor sign-in over HTTP, with an independent TOTP implementation (the `otpauth` npm
// package) playing the authenticator app: it reads the otpauth:// URI the server hands out and
// computes the codes. Enrolment and its confirmation, the login's second step (a code, a
// recovery code), a code accepted once, the challenge single use, wrong codes toward the lockout,
// new recovery codes, turning it off, an administrator's reset (audited, sessions ended), the
// `amr` claim; and the password strength estimate at registration. SQLite and PostgreSQL.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // `amr` claim; and the password strength estimate at registration.
// rampart:end
import assert from 'node:assert/strict';
import { setTimeout as Sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import * as OTPAuth from 'otpauth';

import { Api, DecodeJwt, ExpectJson, ExpectProblem, ExpectValidation, Login, RegisterUser, SignedInUser, UniqueEmail } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kLogin = '/api/v1/auth/login';
const kLoginMfa = '/api/v1/auth/login/mfa';
const kEnrol = '/api/v1/users/me/mfa/totp';
const kMaxFailures = 3;

let server;
let api;
let admin;  // the seeded administrator's access token

before(async () => {
  server = await RampartServer.Start({
    env: { RAMPART_LOCKOUT_MAX_FAILURES: kMaxFailures, RAMPART_LOCKOUT_BASE_DURATION: '3s', RAMPART_LOCKOUT_MAX_DURATION: '6s' },
  });
  api = new Api(server.baseUrl);
  admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
});
after(async () => {
  if (server) await server.Stop();
});

// The code of the step `steps` away from now, as the authenticator app computes it.
function CodeAt(totp, steps = 0) {
  return totp.generate({ timestamp: Date.now() + steps * totp.period * 1000 });
}

// Waits until the next few seconds hold no step boundary, so that a short sequence of requests
// sees the step its codes were computed for (each code is accepted once: the sequences below use
// the previous, current and next steps' codes in turn).
async function AwayFromAStepBoundary() {
  const into_step = Date.now() % 30_000;
  if (into_step > 24_000) await Sleep(30_000 - into_step + 200);
}

// Enrols and confirms an authenticator for a signed-in account; returns {totp, recoveryCodes}.
// The confirmation uses the previous step's code, so the current and next ones are still free.
async function Enrol(account) {
  const token = account.tokens.accessToken;
  const started = ExpectJson(await api.Post(kEnrol, undefined, { token }), 200);
  const totp = OTPAuth.URI.parse(started.otpauthUri);
  assert.ok(totp instanceof OTPAuth.TOTP);
  assert.equal(totp.secret.base32, started.secret);
  await AwayFromAStepBoundary();
  const confirmed = ExpectJson(await api.Post(`${kEnrol}/confirm`, { code: CodeAt(totp, -1) }, { token }), 200);
  return { totp, recoveryCodes: confirmed.recoveryCodes, secret: started };
}

async function Challenge(account) {
  const first = ExpectJson(await api.Post(kLogin, { email: account.email, password: account.password }), 200);
  assert.equal(first.mfaRequired, true, JSON.stringify(first));
  assert.equal(first.accessToken, undefined);
  return first;
}

describe('TOTP enrolment', () => {
  it('hands out a 160-bit secret, a standard otpauth URI and a QR code, and turns on only after a confirmation', async () => {
    const account = await SignedInUser(api);
    const token = account.tokens.accessToken;
    const started = ExpectJson(await api.Post(kEnrol, undefined, { token }), 200);
    assert.match(started.secret, /^[A-Z2-7]{32}$/);
    const totp = OTPAuth.URI.parse(started.otpauthUri);
    assert.equal(totp.issuer, 'rampart');
    assert.equal(totp.label, account.email);
    assert.equal(totp.algorithm, 'SHA1');
    assert.equal(totp.digits, 6);
    assert.equal(totp.period, 30);
    assert.equal(totp.secret.bytes.length, 20);
    assert.match(started.qrSvg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    // Not yet on: the password alone still signs in.
    ExpectJson(await api.Post(kLogin, { email: account.email, password: account.password }), 200).accessToken;
    let status = ExpectJson(await api.Get('/api/v1/users/me/mfa', { token }), 200);
    assert.deepEqual(status, { totpEnabled: false, enrolmentPending: true, recoveryCodesLeft: 0 });

    ExpectValidation(await api.Post(`${kEnrol}/confirm`, { code: '12345' }, { token }), `${kEnrol}/confirm`, ['code']);
    const confirmed = ExpectJson(await api.Post(`${kEnrol}/confirm`, { code: totp.generate() }, { token }), 200);
    assert.equal(confirmed.recoveryCodes.length, 10);
    for (const code of confirmed.recoveryCodes) assert.match(code, /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    status = ExpectJson(await api.Get('/api/v1/users/me/mfa', { token }), 200);
    assert.equal(status.totpEnabled, true);
    assert.equal(status.recoveryCodesLeft, 10);
    ExpectProblem(await api.Post(kEnrol, undefined, { token }), { status: 409, type: '/problems/conflict', instance: kEnrol });
  });
});

describe('login with a second factor', () => {
  it('answers a challenge instead of tokens; the code completes it once, with amr pwd+otp', async () => {
    const account = await SignedInUser(api);
    const { totp } = await Enrol(account);
    const first = await Challenge(account);
    assert.deepEqual(first.methods, ['totp', 'recovery_code']);
    assert.ok(first.expiresIn > 0 && first.expiresIn <= 300);

    const code = CodeAt(totp);
    const tokens = ExpectJson(await api.Post(kLoginMfa, { challenge: first.challenge, code }), 200);
    assert.deepEqual(DecodeJwt(tokens.accessToken).payload.amr, ['pwd', 'otp']);
    ExpectJson(await api.Get('/api/v1/users/me', { token: tokens.accessToken }), 200);
    // The challenge is spent; the code is spent (RFC 6238 §5.2) even with a fresh challenge.
    ExpectProblem(await api.Post(kLoginMfa, { challenge: first.challenge, code: CodeAt(totp, 1) }), { status: 401, type: '/problems/unauthorized', instance: kLoginMfa });
    const second = await Challenge(account);
    ExpectProblem(await api.Post(kLoginMfa, { challenge: second.challenge, code }), { status: 401, type: '/problems/unauthorized', instance: kLoginMfa });
    // The next step's code (a phone a little ahead) is good, on the same challenge: a wrong code
    // does not spend it.
    ExpectJson(await api.Post(kLoginMfa, { challenge: second.challenge, code: CodeAt(totp, 1) }), 200);
    ExpectProblem(await api.Post(kLoginMfa, { challenge: 'nope' }), { status: 422, type: '/problems/validation', instance: kLoginMfa });
  });

  it('takes each recovery code once, typed in any case', async () => {
    const account = await SignedInUser(api);
    const { recoveryCodes } = await Enrol(account);
    const first = await Challenge(account);
    const tokens = ExpectJson(await api.Post(kLoginMfa, { challenge: first.challenge, recoveryCode: recoveryCodes[0].toUpperCase() }), 200);
    assert.deepEqual(DecodeJwt(tokens.accessToken).payload.amr, ['pwd', 'otp']);
    const second = await Challenge(account);
    ExpectProblem(await api.Post(kLoginMfa, { challenge: second.challenge, recoveryCode: recoveryCodes[0] }), { status: 401, type: '/problems/unauthorized', instance: kLoginMfa });
    const status = ExpectJson(await api.Get('/api/v1/users/me/mfa', { token: tokens.accessToken }), 200);
    assert.equal(status.recoveryCodesLeft, 9);
  });

  it('counts wrong codes toward the lockout, which then refuses the right code too', async () => {
    const account = await SignedInUser(api);
    const { totp } = await Enrol(account);
    const first = await Challenge(account);
    const wrong = CodeAt(totp, 10);
    for (let i = 1; i < kMaxFailures; ++i) {
      ExpectProblem(await api.Post(kLoginMfa, { challenge: first.challenge, code: wrong }), { status: 401, type: '/problems/unauthorized', instance: kLoginMfa });
    }
    const locked = await api.Post(kLoginMfa, { challenge: first.challenge, code: wrong });
    ExpectProblem(locked, { status: 429, type: '/problems/locked', instance: kLoginMfa });
    assert.ok(Number(locked.headers.get('retry-after')) >= 1);
    ExpectProblem(await api.Post(kLoginMfa, { challenge: first.challenge, code: CodeAt(totp) }), { status: 429, type: '/problems/locked', instance: kLoginMfa });
  });
});

describe('managing the second factor', () => {
  it('new recovery codes void the old ones; turning it off needs the password and a code', async () => {
    const account = await SignedInUser(api);
    const { totp, recoveryCodes } = await Enrol(account);
    const first = await Challenge(account);
    const token = ExpectJson(await api.Post(kLoginMfa, { challenge: first.challenge, code: CodeAt(totp) }), 200).accessToken;

    const fresh = ExpectJson(await api.Post('/api/v1/users/me/mfa/recovery-codes', { code: CodeAt(totp, 1) }, { token }), 200);
    assert.equal(fresh.recoveryCodes.length, 10);
    const second = await Challenge(account);
    ExpectProblem(await api.Post(kLoginMfa, { challenge: second.challenge, recoveryCode: recoveryCodes[1] }), { status: 401, type: '/problems/unauthorized', instance: kLoginMfa });

    ExpectValidation(await api.Delete(kEnrol, { json: { password: 'not the password at all', recoveryCode: fresh.recoveryCodes[0] }, token }), kEnrol, ['password']);
    assert.equal((await api.Delete(kEnrol, { json: { password: account.password, recoveryCode: fresh.recoveryCodes[0] }, token })).status, 204);
    // Off: the password alone signs in.
    const tokens = ExpectJson(await api.Post(kLogin, { email: account.email, password: account.password }), 200);
    assert.deepEqual(DecodeJwt(tokens.accessToken).payload.amr, ['pwd']);
  });

  it('an administrator resets it: audited, the sessions end, the password alone signs in again', async () => {
    const account = await SignedInUser(api);
    await Enrol(account);
    const id = account.user.id;
    ExpectProblem(await api.Delete(`/api/v1/users/${id}/mfa`, { token: account.tokens.accessToken }), { status: 403, type: '/problems/forbidden', instance: `/api/v1/users/${id}/mfa` });
    assert.equal((await api.Delete(`/api/v1/users/${id}/mfa`, { token: admin })).status, 204);
    ExpectProblem(await api.Get('/api/v1/users/me', { token: account.tokens.accessToken }), { status: 401, type: '/problems/unauthorized', instance: '/api/v1/users/me' });
    ExpectJson(await api.Post(kLogin, { email: account.email, password: account.password }), 200).accessToken;
    const events = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action: 'user.mfa.reset', target: id })}`, { token: admin }), 200);
    assert.equal(events.total, 1);
    assert.deepEqual(events.items[0].details, { method: 'totp', wasActive: true, sessionsRevoked: 1 });
    ExpectProblem(await api.Delete(`/api/v1/users/${id}/mfa`, { token: admin }), { status: 404, type: '/problems/not-found', instance: `/api/v1/users/${id}/mfa` });
  });
});

describe('password strength', () => {
  it('refuses a common password with a suffix and says why, without echoing it', async () => {
    for (const password of ['password123456', 'iloveyou1234', '1q2w3e4r5t6y7u']) {
      const reply = await api.Post('/api/v1/auth/register', { email: UniqueEmail('weak'), password, displayName: 'Weak Password' });
      const problem = ExpectValidation(reply, '/api/v1/auth/register', ['password']);
      assert.ok(!reply.text.includes(password), `the 422 echoes ${password}`);
      assert.match(problem.errors[0].message, /too easy to guess/);
    }
    // Built on the account's own name.
    const named = await api.Post('/api/v1/auth/register', { email: UniqueEmail('grace'), password: 'gracehopper1906', displayName: 'Grace Hopper' });
    ExpectValidation(named, '/api/v1/auth/register', ['password']);
    await RegisterUser(api, { password: 'zebra-lantern-oxide-47' });
  });
});
