// Fault test: PostgreSQL stops answering without closing anything while rampart serves —
// frozen with SIGSTOP (the postmaster and every backend: tests/services/postgres.sh freeze), or
// behind a blackholed network (a TCP proxy in this test that stops forwarding and sends no RST).
// Expected (issue 17, defect 1): a request that needs the database answers 503 within
// statement timeout + 1 s; GET /health/ready answers 503 within 2 s; SIGTERM exits within
// RAMPART_SHUTDOWN_TIMEOUT although a request still waits for the database. Before the fix a
// timed-out call blocked its worker in libpq's PQcancel for as long as the server stayed silent.
//
// It runs its own cluster since it freezes it. ctest: fault.postgres.silent.
import assert from 'node:assert/strict';
// rampart:begin(iam)
import { randomBytes } from 'node:crypto';
// rampart:else
// import { randomUUID } from 'node:crypto';
// rampart:end
import { execFileSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

import { MakeTempDir, RampartServer } from '../e2e/lib/server.mjs';

const kScript = join(dirname(fileURLToPath(import.meta.url)), '../services/postgres.sh');
const kStatementTimeoutMs = 3000;  // the call timeout is one second more
const kShutdownTimeoutMs = 1000;   // shorter than a call: only an interrupt meets it
const kSlackMs = 1500;             // a loaded 2-core machine
const kPatienceMs = 12_000;        // a request still running then is hanging

function Cluster(command, state) {
  return execFileSync('bash', [kScript, command, state], { encoding: 'utf8' });
}

function Psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' }).trim();
}

const Sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

// {status, ms}; status 0 when no answer came within kPatienceMs.
async function Timed(server, path, init = {}) {
  const started = performance.now();
  try {
    const response = await fetch(`${server.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(kPatienceMs) });
    await response.arrayBuffer();
    return { status: response.status, type: response.headers.get('content-type'), ms: performance.now() - started };
  } catch (error) {
    return { status: 0, error: String(error?.cause?.code ?? error), ms: performance.now() - started };
  }
}

// rampart:begin(iam)
// A refresh needs the database (the token is looked up by its hash); this one exists nowhere.
const kAnswered = 401;  // what it answers while the database does
const DatabaseRequest = (server) =>
  Timed(server, '/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: randomBytes(32).toString('base64url') }),
  });
// rampart:else
// // Reading a note needs the database; this one exists nowhere.
// const kAnswered = 404;  // what it answers while the database does
// const DatabaseRequest = async (server) =>
//   Timed(server, `/api/v1/notes/${randomUUID()}`, { headers: { authorization: `Bearer ${await server.issuer.Token()}` } });
// rampart:end

// A TCP forwarder to the cluster that can blackhole: stop reading and writing on every
// connection, and hold new ones unanswered, without closing anything.
function StartProxy(target_port) {
  const pairs = new Set();
  const held = new Set();
  let blackholed = false;
  const server = createServer((client) => {
    if (blackholed) {
      client.pause();
      held.add(client);
      return;
    }
    const upstream = connect(target_port, '127.0.0.1');
    client.pipe(upstream);
    upstream.pipe(client);
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) socket.on('error', drop).on('close', drop);
  });
  return new Promise((ready) => {
    server.listen(0, '127.0.0.1', () => {
      ready({
        port: server.address().port,
        Blackhole() {
          blackholed = true;
          for (const { client, upstream } of pairs) {
            client.unpipe(upstream);
            upstream.unpipe(client);
            client.pause();
            upstream.pause();
          }
        },
        Close() {
          for (const { client, upstream } of pairs) {
            client.destroy();
            upstream.destroy();
          }
          for (const client of held) client.destroy();
          server.close();
        },
      });
    });
  });
}

// The checks of one silent-database scenario on two servers (started, not yet silenced):
// `stopped` gets SIGTERM while its request waits for the database, `probed` answers the timed
// request and the readiness probes. Two, because once calls have failed the circuit breaker
// answers at once and no request would be left waiting for SIGTERM to find.
async function ExpectBoundedWhileSilent({ stopped, probed }, silence) {
  // Warm: each pool holds open connections, which the silence then leaves hanging.
  for (const server of [stopped, probed]) {
    assert.equal((await DatabaseRequest(server)).status, kAnswered);
    assert.equal((await Timed(server, '/health/ready')).status, 200);
  }
  silence();

  // SIGTERM while a request waits for the database (a call is longer than the budget).
  const pending = DatabaseRequest(stopped);
  await Sleep(300);
  const stop = await stopped.Stop({ timeoutMs: kPatienceMs });
  assert.equal(stop.timedOut, false, `rampart did not exit within ${kPatienceMs} ms of SIGTERM\n${stopped.Tail()}`);
  assert.equal(stop.code, 0, `exit ${JSON.stringify(stop)}\n${stopped.Tail()}`);
  assert.ok(stop.ms < kShutdownTimeoutMs + kSlackMs, `SIGTERM → exit took ${stop.ms.toFixed(0)} ms`);
  await pending;

  const request = await DatabaseRequest(probed);
  assert.equal(request.status, 503, `a request while the database is silent: ${JSON.stringify(request)}\n${probed.Tail()}`);
  assert.equal(request.type, 'application/problem+json');
  assert.ok(request.ms < kStatementTimeoutMs + 1000 + kSlackMs, `the request took ${request.ms.toFixed(0)} ms`);

  const probes = [];
  for (let i = 0; i < 3; ++i) {
    const ready = await Timed(probed, '/health/ready');
    probes.push(ready.ms);
    assert.equal(ready.status, 503, `/health/ready while the database is silent: ${JSON.stringify(ready)}`);
    assert.ok(ready.ms < 2000, `/health/ready took ${ready.ms.toFixed(0)} ms`);
  }
  return { request, stop, probes };
}

function Report(name, { request, stop, probes }) {
  process.stderr.write(
    `${name}: 503 after ${request.ms.toFixed(0)} ms, /health/ready ${probes.map((ms) => ms.toFixed(0)).join('/')} ms, ` +
      `exit ${stop.ms.toFixed(0)} ms after SIGTERM\n`,
  );
}

describe('PostgreSQL silent (frozen or blackholed) while rampart serves', () => {
  let state;
  let url;
  let frozen = false;
  let proxy = null;

  before(() => {
    state = MakeTempDir('rampart-fault-pg-silent-');
    Cluster('start', state);
    const admin = readFileSync(join(state, 'url'), 'utf8').trim();
    Psql(admin, 'CREATE DATABASE rampart_silent');
    url = admin.slice(0, admin.lastIndexOf('/') + 1) + 'rampart_silent';
  });

  after(() => {
    proxy?.Close();
    if (frozen) Cluster('thaw', state);
    if (state) Cluster('stop', state);
  });

  const Start = (database_url) =>
    RampartServer.Start({
      databaseUrl: database_url,
      env: {
        RAMPART_DATABASE_POOL_STATEMENT_TIMEOUT: `${kStatementTimeoutMs}ms`,
        RAMPART_SHUTDOWN_TIMEOUT: `${kShutdownTimeoutMs}ms`,
      },
    });

  it('frozen with SIGSTOP: 503 in time, bounded readiness, SIGTERM within the shutdown timeout', async () => {
    const servers = { stopped: await Start(url), probed: await Start(url) };
    try {
      const result = await ExpectBoundedWhileSilent(servers, () => {
        Cluster('freeze', state);
        frozen = true;
      });
      Report('frozen', result);
    } finally {
      servers.stopped.Kill();
      servers.probed.Kill();
      Cluster('thaw', state);
      frozen = false;
    }
  });

  it('blackholed network: the same bounds', async () => {
    proxy = await StartProxy(Number(readFileSync(join(state, 'port'), 'utf8').trim()));
    const through_proxy = url.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${proxy.port}`);
    const servers = { stopped: await Start(through_proxy), probed: await Start(through_proxy) };
    try {
      Report('blackholed', await ExpectBoundedWhileSilent(servers, () => proxy.Blackhole()));
    } finally {
      servers.stopped.Kill();
      servers.probed.Kill();
    }
  });
});
