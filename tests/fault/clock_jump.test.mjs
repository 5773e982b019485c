// The wall clock jumping under load (an NTP step, a VM resumed from a snapshot), injected by a
// preloaded shim (tests/fault/clock_shift.c, the `clock_shift` target): only CLOCK_REALTIME
// jumps, as on a real machine; CLOCK_MONOTONIC, which rampart's timers, timeouts and deadlines
// use, goes on. Expected outcome, each written below:
// - every request is answered throughout: no 5xx, no hang, the process stays up;
// - tokens are judged by the new clock at once: after a jump forward of 2 h an access token
//   issued before has expired (401); after a jump back of 2 h it was issued "in the future" and
//   is refused (401) rather than honoured for two hours longer than its lifetime;
// - the refresh token of the same sign-in still gives a new pair, and a new login works, so a
//   client recovers the way it does from any expired token;
// - what rampart records carries the new time (the HTTP Date header, the token's iat).
//
// ctest: fault.clock (CLOCK_SHIFT_LIB: the built shim).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { Api, DecodeJwt, ExpectJson, Login, RegisterUser } from '../e2e/lib/client.mjs';
import { MakeTempDir, RampartServer } from '../e2e/lib/server.mjs';

const kJump = 2 * 3600;  // seconds: far beyond the access token's 10 minutes and any leeway
const Sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// A server whose wall clock is `offset` ahead of the real one; SetOffset(seconds) moves it.
async function ServerWithMovableClock() {
  const shim = process.env.CLOCK_SHIFT_LIB;
  assert.ok(shim && existsSync(shim), `CLOCK_SHIFT_LIB (${shim}) names no built clock_shift.so (run via ctest)`);
  const server_env = { LD_PRELOAD: shim, RAMPART_RATE_LIMIT_ENABLED: 'false' };
  // An ASan build must come first in the library list; the shim is preloaded before it.
  if (process.env.SANITIZE_MODE === 'asan') {
    server_env.ASAN_OPTIONS = `${process.env.ASAN_OPTIONS ?? ''}:verify_asan_link_order=0`;
  }
  const root = MakeTempDir();
  const clock_file = join(root, 'clock-shift');
  const SetOffset = (seconds) => writeFileSync(clock_file, `${seconds}\n`);
  SetOffset(0);
  const server = await RampartServer.Start({ root, env: { ...server_env, CLOCK_SHIFT_FILE: clock_file } });
  cleanups.push(() => server.Stop());
  return { server, SetOffset };
}

// Readers that go on through the jump: GET /users/me with `token` and GET /health/ready,
// recording each status with its phase: the phase it was sent in when the reply came back in the
// same one, else 'jumping' (a request in flight while the clock moved was served by either clock).
function StartLoad(api, token, phase_of) {
  const replies = [];
  let running = true;
  const readers = Array.from({ length: 4 }, async (_, i) => {
    while (running) {
      const sent_in = phase_of();
      const reply = i % 2 === 0 ? await api.Get('/api/v1/users/me', { token }) : await api.Get('/health/ready');
      const phase = phase_of() === sent_in ? sent_in : 'jumping';
      replies.push({ phase, what: i % 2 === 0 ? 'me' : 'ready', status: reply.status });
    }
  });
  return {
    replies,
    async Stop() {
      running = false;
      await Promise.all(readers);
    },
  };
}

function ServerSeconds(reply) {
  return Date.parse(reply.headers.get('date')) / 1000;
}

for (const [name, offset, refusal] of [
  ['forward', kJump, 'has expired by the new clock'],
  ['back', -kJump, 'was issued in the future of the new clock'],
]) {
  describe(`the wall clock jumping ${name} by 2 hours under load`, () => {
    it(`answers everything, refuses the earlier access token (it ${refusal}) and recovers by refresh and login`, async () => {
      const { server, SetOffset } = await ServerWithMovableClock();
      const api = new Api(server.baseUrl);
      const account = await RegisterUser(api);
      const before = await Login(api, account.email, account.password);
      const me_before = await api.Get('/api/v1/users/me', { token: before.accessToken });
      assert.equal(me_before.status, 200);
      const real_skew = ServerSeconds(me_before) - Date.now() / 1000;
      assert.ok(Math.abs(real_skew) < 5, `the server's clock is ${real_skew} s off before the jump`);

      let phase = 'before';
      const load = StartLoad(api, before.accessToken, () => phase);
      await Sleep(500);
      // Synchronous together: a reply read as 'before' was served before the clock moved.
      SetOffset(offset);
      phase = 'jumping';
      await Sleep(300);  // requests already in flight may have read either clock
      phase = 'after';
      await Sleep(1000);
      await load.Stop();

      const { replies } = load;
      for (const wanted of ['before', 'after']) {
        assert.ok(replies.filter((r) => r.phase === wanted).length >= 8, `too few requests ${wanted} the jump`);
      }
      assert.deepEqual(replies.filter((r) => r.status >= 500), [], 'a request failed with 5xx');
      assert.deepEqual(replies.filter((r) => r.what === 'ready' && r.status !== 200), [], 'readiness failed');
      assert.deepEqual(replies.filter((r) => r.phase === 'before' && r.status !== 200), [], 'a request failed before the jump');
      const me_after = replies.filter((r) => r.phase === 'after' && r.what === 'me');
      assert.deepEqual(me_after.filter((r) => r.status !== 401), [], `the earlier access token still worked after the jump (it ${refusal})`);

      // The server now lives on the new clock.
      const probe = await api.Get('/health/live');
      const skew = ServerSeconds(probe) - Date.now() / 1000;
      assert.ok(Math.abs(skew - offset) < 5, `the server's Date is ${skew} s off, not ${offset}`);

      // Recovery: the refresh token of the same sign-in, then a new login.
      const refreshed = ExpectJson(await api.Post('/api/v1/auth/refresh', { refreshToken: before.refreshToken }), 200);
      const issued = DecodeJwt(refreshed.accessToken).payload.iat;
      assert.ok(Math.abs(issued - (Date.now() / 1000 + offset)) < 5, 'the new token was not issued at the new time');
      assert.equal((await api.Get('/api/v1/users/me', { token: refreshed.accessToken })).status, 200);
      const again = await Login(api, account.email, account.password);
      assert.equal((await api.Get('/api/v1/users/me', { token: again.accessToken })).status, 200);
      assert.equal(server.child.exitCode, null, 'the server exited');
    });
  });
}
