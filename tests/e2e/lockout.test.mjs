// Brute-force protection over HTTP: N failed logins lock the account (429 `locked` with
// Retry-After), the lock refuses even the right password, expires by itself, grows on the next
// failure, and an unknown e-mail keeps answering the plain 401. Runs with short lock periods.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, ExpectProblem, ExpectUnauthorized, RegisterUser, UniqueEmail } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kLogin = '/api/v1/auth/login';
const kMaxFailures = 3;

let server;
let api;

before(async () => {
  server = await RampartServer.Start({
    env: {
      RAMPART_LOCKOUT_MAX_FAILURES: kMaxFailures,
      // Long enough that the request after the locking one still lands inside the lock when the
      // machine is loaded (a 1 s lock was seen to expire between two requests under ctest -j2).
      RAMPART_LOCKOUT_BASE_DURATION: '3s',
      RAMPART_LOCKOUT_MAX_DURATION: '6s',
    },
  });
  api = new Api(server.baseUrl);
});
after(async () => {
  if (server) await server.Stop();
});

function ExpectLocked(reply, max_seconds) {
  ExpectProblem(reply, { status: 429, type: '/problems/locked', instance: kLogin });
  const retry_after = Number(reply.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry_after) && retry_after >= 1 && retry_after <= max_seconds,
    `Retry-After ${reply.headers.get('retry-after')} not in 1..${max_seconds}`);
  return retry_after;
}

// Waits out a lock: the Retry-After the server gave, plus the rounding to whole seconds.
async function WaitOut(retry_after_seconds) {
  await new Promise((wake) => setTimeout(wake, retry_after_seconds * 1000 + 1100));
}

describe('lockout', () => {
  it('locks after the configured failures, refuses the right password, then lets it in', async () => {
    const account = await RegisterUser(api);
    for (let i = 1; i < kMaxFailures; ++i) {
      ExpectUnauthorized(await api.Post(kLogin, { email: account.email, password: `wrong-${i}-xxxxxxxx` }), kLogin);
    }
    // The failure that reaches the limit already answers 429.
    const first = ExpectLocked(await api.Post(kLogin, { email: account.email, password: 'wrong-last-xxxxxx' }), 3);
    // Locked: even the right password is refused, without a new lock period.
    ExpectLocked(await api.Post(kLogin, { email: account.email, password: account.password }), 3);

    await WaitOut(first);
    // One more failure after the lock doubles it (3 s → 6 s, the configured maximum).
    const second = ExpectLocked(await api.Post(kLogin, { email: account.email, password: 'wrong-again-xxxxx' }), 6);
    assert.equal(second, 6);
    await WaitOut(second);

    ExpectJson(await api.Post(kLogin, { email: account.email, password: account.password }), 200);
    // Success reset the count: the next failures start from one again.
    ExpectUnauthorized(await api.Post(kLogin, { email: account.email, password: 'wrong-after-xxxxx' }), kLogin);
  });

  it('keeps answering 401 with the same body for an unknown e-mail', async () => {
    const email = UniqueEmail('nobody');
    const bodies = [];
    for (let i = 0; i < kMaxFailures + 2; ++i) {
      const reply = await api.Post(kLogin, { email, password: 'whatever-password-1' });
      ExpectUnauthorized(reply, kLogin);
      const { traceId, ...rest } = reply.body;
      bodies.push(JSON.stringify(rest));
    }
    assert.equal(new Set(bodies).size, 1);
  });
});
