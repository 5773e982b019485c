// Fault test: PostgreSQL is killed (kill -9 of the postmaster) and restarted while a steady
// rampart:begin(iam)
// stream of writes (registrations, refreshes) runs against rampart. Expected: no crash;
// rampart:else
// // stream of writes (notes created and changed) runs against rampart. Expected: no crash;
// rampart:end
// /health/ready 503 while the database is down; requests during the outage fail fast with 503
// problem+json instead of hanging; recovery by itself within seconds of the restart; every
// write acknowledged with 2xx is in the database afterwards (checked with psql); and the failures
// are logged coalesced (a few lines with a count, not one per request).
//
// It runs its own cluster (tests/services/postgres.sh) since it kills it. ctest: fault.postgres.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';  // rampart:only(iam)
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

// rampart:begin(iam)
// rampart:else
// import { SignedInPrincipal } from '../e2e/lib/client.mjs';
// rampart:end
import { MakeTempDir, RampartServer } from '../e2e/lib/server.mjs';

const kScript = join(dirname(fileURLToPath(import.meta.url)), '../services/postgres.sh');
const kPassword = 'fault-test-password-1234';  // rampart:only(iam)
const kOutageMs = 2500;

function Cluster(command, state) {
  return execFileSync('bash', [kScript, command, state], { encoding: 'utf8' });
}

function Psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' }).trim();
}

const Sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

// One JSON request, with a bearer token when given: {status, type, text, ms}, or {status: 0, error}.
async function Send(server, method, path, body, token) {
  const started = performance.now();
  try {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, error: String(error?.cause?.code ?? error), ms: performance.now() - started };
  }
}

async function Ready(server) {
  try {
    const response = await fetch(`${server.baseUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

describe('PostgreSQL killed and restarted under a stream of writes', () => {
  let state;
  let url;
  let server;

  before(async () => {
    state = MakeTempDir('rampart-fault-pg-');
    Cluster('start', state);
    const admin = readFileSync(join(state, 'url'), 'utf8').trim();
    Psql(admin, 'CREATE DATABASE rampart_fault');
    url = admin.slice(0, admin.lastIndexOf('/') + 1) + 'rampart_fault';
    // The stream comes from one IP far faster than the per-IP limits allow: not what is tested.
    server = await RampartServer.Start({ databaseUrl: url, env: { RAMPART_RATE_LIMIT_ENABLED: 'false' } });
  });

  after(() => {
    server?.Kill();
    if (state) Cluster('stop', state);
  });

  it('fails fast with 503 while down, recovers by itself, and loses no acknowledged write', async () => {
    // rampart:begin(iam)
    const acknowledged_emails = [];
    const acknowledged_tokens = [];  // refresh tokens handed out with a 2xx
    // {phase (when the request was sent), ended (the phase when its answer was read), kind, status,
    // ms, type}. Cluster('restart') blocks this event loop while PostgreSQL starts, so a request
    // sent while the database was down (a registration spends its Argon2id time first) can reach
    // the restarted database and succeed: only requests that were sent AND answered while the
    // database was down must be 503.
    const log = [];
    let phase = 'before';
    let running = true;

    const register_loop = async (worker) => {
      for (let i = 0; running; ++i) {
        const email = `fault-${worker}-${i}-${randomBytes(3).toString('hex')}@example.com`;
        const started_in = phase;
        const reply = await Send(server, 'POST', '/api/v1/auth/register', { email, password: kPassword, displayName: 'Fault' });
        log.push({ phase: started_in, ended: phase, kind: 'register', status: reply.status, ms: reply.ms, type: reply.type });
        if (reply.status === 201) acknowledged_emails.push(email);
        else if (reply.status !== 503) assert.fail(`register answered ${reply.status} ${reply.text ?? reply.error}`);
        if (reply.status === 503) await Sleep(20);
      }
    };
    const refresh_loop = async (worker) => {
      const email = `refresher-${worker}-${randomBytes(3).toString('hex')}@example.com`;
      assert.equal((await Send(server, 'POST', '/api/v1/auth/register', { email, password: kPassword, displayName: 'R' })).status, 201);
      acknowledged_emails.push(email);
      let token = null;
      while (running) {
        if (token === null) {
          const started_in = phase;
          const login = await Send(server, 'POST', '/api/v1/auth/login', { email, password: kPassword });
          log.push({ phase: started_in, ended: phase, kind: 'login', status: login.status, ms: login.ms, type: login.type });
          if (login.status === 200) token = JSON.parse(login.text).refreshToken;
          else if (login.status !== 503) assert.fail(`login answered ${login.status} ${login.text ?? login.error}`);
          else await Sleep(20);
          continue;
        }
        const started_in = phase;
        const reply = await Send(server, 'POST', '/api/v1/auth/refresh', { refreshToken: token });
        log.push({ phase: started_in, ended: phase, kind: 'refresh', status: reply.status, ms: reply.ms, type: reply.type });
        if (reply.status === 200) {
          token = JSON.parse(reply.text).refreshToken;
          acknowledged_tokens.push(token);
        } else if (reply.status === 401) {
          // A refresh whose COMMIT reached the server just before it died spent the token
          // without an answer; presenting it again is (correctly) treated as reuse.
          assert.notEqual(phase, 'before', 'a refresh was refused before the outage');
          token = null;
        } else if (reply.status === 503) {
          await Sleep(20);
        } else {
          assert.fail(`refresh answered ${reply.status} ${reply.text ?? reply.error}`);
        }
      }
    };
    // rampart:else
    // const acknowledged_notes = [];  // ids of the notes whose creation was answered 201
    // const revisions = new Map();    // note id → the last revision whose change was answered 200
    // // {phase (when the request was sent), ended (the phase when its answer was read), kind, status,
    // // ms, type}. Cluster('restart') blocks this event loop while PostgreSQL starts, so a request
    // // sent while the database was down can reach the restarted database and succeed: only
    // // requests that were sent AND answered while the database was down must be 503.
    // const log = [];
    // let phase = 'before';
    // let running = true;
    //
    // const create_loop = async (worker) => {
    //   const { token } = await SignedInPrincipal(server);
    //   for (let i = 0; running; ++i) {
    //     const started_in = phase;
    //     const reply = await Send(server, 'POST', '/api/v1/notes', { title: `fault ${worker}-${i}` }, token);
    //     log.push({ phase: started_in, ended: phase, kind: 'create', status: reply.status, ms: reply.ms, type: reply.type });
    //     if (reply.status === 201) acknowledged_notes.push(JSON.parse(reply.text).id);
    //     else if (reply.status !== 503) assert.fail(`create answered ${reply.status} ${reply.text ?? reply.error}`);
    //     if (reply.status === 503) await Sleep(20);
    //   }
    // };
    // // Changes one note of its own again and again, each time with the next revision in its body.
    // const update_loop = async (worker) => {
    //   const { token } = await SignedInPrincipal(server);
    //   const created = await Send(server, 'POST', '/api/v1/notes', { title: `changed ${worker}`, body: 'revision 0' }, token);
    //   assert.equal(created.status, 201, created.text ?? created.error);
    //   const { id } = JSON.parse(created.text);
    //   acknowledged_notes.push(id);
    //   for (let revision = 1; running; ++revision) {
    //     const started_in = phase;
    //     const reply = await Send(server, 'PATCH', `/api/v1/notes/${id}`, { body: `revision ${revision}` }, token);
    //     log.push({ phase: started_in, ended: phase, kind: 'update', status: reply.status, ms: reply.ms, type: reply.type });
    //     if (reply.status === 200) revisions.set(id, revision);
    //     else if (reply.status === 503) await Sleep(20);
    //     else assert.fail(`update answered ${reply.status} ${reply.text ?? reply.error}`);
    //   }
    // };
    // rampart:end
    // A failing loop stops the others, and its error fails the test (never an orphan rejection).
    let failure = null;
    const guarded = (loop) =>
      loop.catch((error) => {
        failure ??= error;
        running = false;
      });
    // rampart:begin(iam)
    const loops = [register_loop(0), register_loop(1), refresh_loop(0), refresh_loop(1), refresh_loop(2)].map(guarded);
    // rampart:else
    // const loops = [create_loop(0), create_loop(1), update_loop(0), update_loop(1), update_loop(2)].map(guarded);
    // rampart:end
    const check = () => {
      if (failure) throw failure;
    };

    // Waits until `count` writes sent from log index `from` on have succeeded (or 30 s passed,
    // or a loop failed): on a loaded machine the stream is slower, not wrong, so the test waits
    // for what it needs instead of a fixed time.
    const succeeded_since = (from) => log.slice(from).filter((entry) => entry.status >= 200 && entry.status < 300).length;
    const until_writes = async (from, count) => {
      const deadline = performance.now() + 30_000;
      while (succeeded_since(from) < count && performance.now() < deadline && !failure) await Sleep(20);
    };
    await until_writes(0, 11);
    const before_count = succeeded_since(0);
    check();
    assert.ok(before_count > 10, `only ${before_count} writes succeeded before the outage`);

    // --- outage ---------------------------------------------------------------------------
    phase = 'outage';
    Cluster('kill', state);
    const killed_at = performance.now();
    await Sleep(300);  // let the in-flight requests of the moment of the kill finish
    phase = 'down';
    const ready_while_down = [];
    while (performance.now() - killed_at < kOutageMs) {
      ready_while_down.push(await Ready(server));
      await Sleep(100);
    }
    assert.ok(server.running, `rampart exited when PostgreSQL went away\n${server.Tail()}`);
    assert.ok(ready_while_down.length > 5);
    assert.ok(ready_while_down.every((status) => status === 503), `/health/ready while down: ${ready_while_down}`);

    // --- restart --------------------------------------------------------------------------
    phase = 'restart';
    Cluster('restart', state);
    const restarted_at = performance.now();
    let recovered_ms = null;
    while (performance.now() - restarted_at < 15_000) {
      if ((await Ready(server)) === 200) {
        recovered_ms = performance.now() - restarted_at;
        break;
      }
      await Sleep(50);
    }
    assert.notEqual(recovered_ms, null, 'readiness did not recover within 15 s of the restart');
    phase = 'after';
    const after_started = log.length;
    await until_writes(after_started, 11);
    running = false;
    await Promise.all(loops);

    check();

    // --- what the clients saw -----------------------------------------------------------------
    const down = log.filter((entry) => entry.phase === 'down' && entry.ended === 'down');
    assert.ok(down.length > 10, `only ${down.length} requests during the outage`);
    for (const entry of down) {
      assert.equal(entry.status, 503, `a ${entry.kind} during the outage answered ${entry.status}`);
      assert.equal(entry.type, 'application/problem+json');
    }
    // rampart:begin(iam)
    const refresh_ms = down.filter((entry) => entry.kind === 'refresh').map((entry) => entry.ms).sort((a, b) => a - b);
    // rampart:else
    // const refresh_ms = down.filter((entry) => entry.kind === 'update').map((entry) => entry.ms).sort((a, b) => a - b);
    // rampart:end
    const median = refresh_ms[Math.floor(refresh_ms.length / 2)];
    const slowest = Math.max(...down.map((entry) => entry.ms));
    // rampart:begin(iam)
    assert.ok(median < 250, `refreshes during the outage took ${median.toFixed(1)} ms (median): not failing fast`);
    // rampart:else
    // assert.ok(median < 250, `changes during the outage took ${median.toFixed(1)} ms (median): not failing fast`);
    // rampart:end
    assert.ok(slowest < 3000, `a request during the outage took ${slowest.toFixed(0)} ms`);
    // Bounded log volume (issue 17): the outage's failures are coalesced, not one line each.
    const unavailable_lines = server.allLines.filter((line) => line.includes('"msg":"dependency unavailable"'));
    assert.ok(unavailable_lines.length <= 3, `${unavailable_lines.length} "dependency unavailable" lines for ${down.length} failed requests`);
    const recovered_writes = log.slice(after_started).filter((entry) => entry.status >= 200 && entry.status < 300);
    assert.ok(recovered_writes.length > 10, `only ${recovered_writes.length} writes succeeded after recovery`);
    assert.ok(server.running, `rampart exited\n${server.Tail()}`);

    // --- what the database kept -----------------------------------------------------------------
    // rampart:begin(iam)
    const emails = acknowledged_emails.map((email) => `'${email}'`).join(',');
    const users = Number(Psql(url, `SELECT count(*) FROM users WHERE email IN (${emails})`));
    assert.equal(users, acknowledged_emails.length, 'an acknowledged registration is missing');
    const hashes = acknowledged_tokens.map((token) => `'${createHash('sha256').update(token).digest('hex')}'`).join(',');
    const tokens = Number(Psql(url, `SELECT count(*) FROM refresh_tokens WHERE token_hash IN (${hashes})`));
    assert.equal(tokens, acknowledged_tokens.length, 'an acknowledged refresh token is missing');

    // rampart:else
    // const ids = acknowledged_notes.map((id) => `'${id}'`).join(',');
    // const notes = Number(Psql(url, `SELECT count(*) FROM notes WHERE id::text IN (${ids})`));
    // assert.equal(notes, acknowledged_notes.length, 'an acknowledged note is missing');
    // // A change can be committed without its answer (the database died after the COMMIT): the
    // // stored revision is the last acknowledged one or a later one, never an earlier one.
    // for (const [id, revision] of revisions) {
    //   const stored = Number(/^revision (\d+)$/.exec(Psql(url, `SELECT body FROM notes WHERE id = '${id}'`))?.[1]);
    //   assert.ok(stored >= revision, `note ${id} holds revision ${stored}, ${revision} was acknowledged`);
    // }
    //
    // rampart:end
    const stop = await server.Stop();
    assert.equal(stop.code, 0, `exit ${JSON.stringify(stop)}`);
    // rampart:begin(iam)
    process.stderr.write(
      `fault: ${before_count} writes before, ${down.length} requests during the outage ` +
        `(all 503, refresh median ${median.toFixed(1)} ms, slowest ${slowest.toFixed(0)} ms), ` +
        `ready again ${recovered_ms.toFixed(0)} ms after restart, ${recovered_writes.length} writes after; ` +
        `${acknowledged_emails.length} registrations and ${acknowledged_tokens.length} refreshes acknowledged, all in the database\n`,
    );
    // rampart:else
    // process.stderr.write(
    //   `fault: ${before_count} writes before, ${down.length} requests during the outage ` +
    //     `(all 503, change median ${median.toFixed(1)} ms, slowest ${slowest.toFixed(0)} ms), ` +
    //     `ready again ${recovered_ms.toFixed(0)} ms after restart, ${recovered_writes.length} writes after; ` +
    //     `${acknowledged_notes.length} notes and ${[...revisions.values()].reduce((a, b) => a + b, 0)} changes acknowledged, all in the database\n`,
    // );
    // rampart:end
  });
});
