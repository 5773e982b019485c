// Password hashing is bounded (issue 17, defect 3): each Argon2id hash holds argon2.memory_kib
// (19 MiB) for tens of milliseconds, so a login burst on 16 workers grew the process by
// 16 x 19 MiB at once. At most argon2.max_concurrent hashes run; the others wait in line up to
// argon2.queue_timeout and are then refused with 503.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { Api, ExpectProblem, RegisterUser } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kHashMiB = 19;
const kBurst = 16;

// The peak resident memory of a process so far (VmHWM), in MiB.
function PeakResidentMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)[1]) / 1024;
}

const Burst = (api, account, count) =>
  Promise.all(
    Array.from({ length: count }, () => api.Post('/api/v1/auth/login', { email: account.email, password: account.password })),
  );

describe('password hashing bulkhead', () => {
  it('a burst of 16 logins on 16 workers grows memory by max_concurrent hashes, not 16', async () => {
    const server = await RampartServer.Start({
      env: { RAMPART_WORKER_THREADS: kBurst, RAMPART_ARGON2_MAX_CONCURRENT: 2, RAMPART_ARGON2_QUEUE_TIMEOUT: '60s' },
    });
    try {
      const api = new Api(server.baseUrl);
      const account = await RegisterUser(api);
      // Warm: every worker has run once, the allocator holds one hash's memory.
      for (const reply of await Burst(api, account, 2)) assert.equal(reply.status, 200, reply.Describe());
      const before = PeakResidentMiB(server.child.pid);
      const replies = await Burst(api, account, kBurst);
      const after = PeakResidentMiB(server.child.pid);
      for (const reply of replies) assert.equal(reply.status, 200, reply.Describe());
      const grown = after - before;
      process.stderr.write(`bulkhead: peak RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB over a burst of ${kBurst} logins\n`);
      // Two hashes at once plus slack; unbounded it was about kBurst x 19 MiB.
      assert.ok(grown < 4 * kHashMiB, `peak RSS grew by ${grown.toFixed(0)} MiB over ${kBurst} concurrent logins`);
      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      assert.match(metrics, /^rampart_password_hash_active(\{[^}]*\})? 0$/m);
      assert.match(metrics, /^rampart_password_hash_rejected_total(\{[^}]*\})? 0$/m);
    } finally {
      await server.Stop();
    }
  });

  it('refuses with 503 and Retry-After when no slot comes free within the queue timeout', async () => {
    const server = await RampartServer.Start({
      env: { RAMPART_WORKER_THREADS: 8, RAMPART_ARGON2_MAX_CONCURRENT: 1, RAMPART_ARGON2_QUEUE_TIMEOUT: 0 },
    });
    try {
      const api = new Api(server.baseUrl);
      const account = await RegisterUser(api);
      const replies = await Burst(api, account, 8);
      const refused = replies.filter((reply) => reply.status === 503);
      assert.ok(replies.some((reply) => reply.status === 200), replies.map((reply) => reply.status).join(','));
      assert.ok(refused.length > 0, `no login was refused: ${replies.map((reply) => reply.status).join(',')}`);
      for (const reply of refused) {
        ExpectProblem(reply, { status: 503, type: '/problems/unavailable', instance: '/api/v1/auth/login' });
        assert.equal(reply.headers.get('retry-after'), '1');
      }
      assert.ok(replies.every((reply) => [200, 503].includes(reply.status)), replies.map((reply) => reply.status).join(','));
      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const rejected = Number(/^rampart_password_hash_rejected_total(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1]);
      assert.equal(rejected, refused.length);
    } finally {
      await server.Stop();
    }
  });
});
