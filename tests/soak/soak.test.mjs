// rampart:begin(iam)
// Soak: a mixed workload at a fixed rate for SOAK_SECONDS (default 600; ctest's soak.short runs
// 60) against one rampart on PostgreSQL (a private cluster) + Redis, with mail through an SMTP
// peer. Per second: 2 registrations (each mails a verification link), 2 logins, 5 refreshes,
// 20 reads of /users/me, 2 administrator writes (PATCH /users/{id}). At the end:
// rampart:else
// // Soak: a mixed workload at a fixed rate for SOAK_SECONDS (default 600; ctest's soak.short runs
// // 60) against one rampart on PostgreSQL (a private cluster) + Redis, its callers 20 principals
// // with the test issuer's tokens (tests/e2e/lib/issuer.mjs). Per second: 2 notes created, 4
// // changed (PATCH), 1 deleted, 16 read, 4 pages of notes listed. At the end:
// rampart:end
// - no 5xx (no fault is injected here);
// - RSS after the run within 5 % of RSS after the warm-up (the first fifth, at least 20 s;
//   not on an ASan build, whose quarantine grows RSS by design: `make sanitize`);
// - open file descriptors (but the client's kept-alive connections) and PostgreSQL connections
//   no more than during the warm-up;
// rampart:begin(iam)
// - every acknowledged registration is a user row, and its verification mail reached the peer;
// - the audit log holds exactly one user.created per acknowledged registration and one
//   user.updated per acknowledged administrator write.
// rampart:else
// // - every acknowledged creation is a row unless its deletion was acknowledged (then it is
// //   gone), and its note.created event reached the events queue;
// // - the audit log holds exactly one note.created, note.updated and note.deleted per
// //   acknowledged creation, change and deletion.
// rampart:end
//
//   make soak [SOAK_SECONDS=600]     (tests/soak/run.sh)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
// rampart:begin(iam)
import { randomBytes } from 'node:crypto';
// rampart:else
// import { randomBytes, randomUUID } from 'node:crypto';
// rampart:end
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Api } from '../e2e/lib/client.mjs';
import { RedisServer } from '../e2e/lib/redis.mjs';
import { MakeTempDir, RampartServer } from '../e2e/lib/server.mjs';
import { SmtpPeer } from '../e2e/lib/smtp_peer.mjs';  // rampart:only(iam)

const kSeconds = Number(process.env.SOAK_SECONDS ?? 600);
// Set by scripts/sanitize.sh: on an ASan build the RSS bound is not checked (below).
const kSanitizer = process.env.SANITIZE_MODE;
const kWarmupSeconds = Math.max(20, Math.round(kSeconds / 5));
// rampart:begin(iam)
const kRates = { register: 2, login: 2, refresh: 5, read: 20, admin_write: 2 };  // per second
// rampart:else
// const kRates = { create: 2, update: 4, remove: 1, read: 16, list: 4 };  // per second
// const kPrincipals = 20;
// rampart:end
const kPostgres = join(dirname(fileURLToPath(import.meta.url)), '../services/postgres.sh');
const Sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

function Cluster(command, state) {
  return execFileSync('bash', [kPostgres, command, state], { encoding: 'utf8' });
}
function Psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' }).trim();
}
// rampart:begin(iam)
// rampart:else
// // The CloudEvents on the server's embedded events queue.
// function Events(server) {
//   const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', join(server.dataDir, 'events.sqlite3'),
//     'SELECT body FROM messages ORDER BY seq'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
//   return (out.trim() ? JSON.parse(out) : []).map((row) => JSON.parse(row.body));
// }
// rampart:end
function StatusKib(pid, key) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${key}:`));
  return Number(line.split(/\s+/)[1]);
}
// The server's open files, apart from the connections its client holds open (kept alive: as
// many as the client's peak concurrency, which a slow moment after the warm-up raises, as on a
// loaded machine or a sanitizer build). An accepted connection the server failed to close
// (CLOSE_WAIT) still counts. {server, clients}
function OpenFds(pid, port) {
  const client_sockets = new Set();
  for (const table of ['tcp', 'tcp6']) {
    const rows = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    for (const row of rows) {
      // sl local_address rem_address st ... inode
      const fields = row.trim().split(/\s+/);
      const local_port = parseInt(fields[1].split(':')[1], 16);
      if (local_port === port && fields[3] === '01') client_sockets.add(fields[9]);  // ESTABLISHED
    }
  }
  const fds = { server: 0, clients: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;  // closed meanwhile
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && client_sockets.has(inode)) ++fds.clients;
    else ++fds.server;
  }
  return fds;
}

describe(`soak: ${kSeconds} s of mixed load on PostgreSQL + Redis`, () => {
  let state;
  let url;
  let redis;
  let peer;  // rampart:only(iam)
  let server;
  let api;

  before(async () => {
    assert.ok(Number.isInteger(kSeconds) && kSeconds >= 20, 'SOAK_SECONDS must be a whole number ≥ 20');
    state = MakeTempDir('rampart-soak-pg-');
    Cluster('start', state);
    const admin_url = readFileSync(join(state, 'url'), 'utf8').trim();
    Psql(admin_url, 'CREATE DATABASE rampart_soak');
    url = admin_url.slice(0, admin_url.lastIndexOf('/') + 1) + 'rampart_soak';
    redis = await RedisServer.Start();
    peer = await SmtpPeer.Start({ tls: 'none' });  // rampart:only(iam)
    server = await RampartServer.Start({
      databaseUrl: url,
      env: {
        RAMPART_REDIS_URL: redis.url,
        RAMPART_SMTP_URL: `smtp://127.0.0.1:${peer.port}`,  // rampart:only(iam)
        RAMPART_OUTBOX_DISPATCH_INTERVAL: '100ms',
        RAMPART_RATE_LIMIT_ENABLED: 'false',  // one client IP far above any per-IP limit
        RAMPART_LOG_LEVEL: 'warn',
        // A pool of fixed size: a connection more at the end is a leak, not the pool growing.
        RAMPART_DATABASE_POOL_MIN_SIZE: 6,
        RAMPART_DATABASE_POOL_MAX_SIZE: 6,
      },
    });
    api = new Api(server.baseUrl);
  });

  after(async () => {
    if (server) await server.Stop();
    if (peer) await peer.Stop();  // rampart:only(iam)
    if (redis) await redis.Stop();
    if (state) Cluster('stop', state);
  });

  it('keeps its invariants', { timeout: (kSeconds + 120) * 1000 }, async () => {
    const statuses = new Map();  // status → count
    const count = (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    // rampart:begin(iam)
    const registered = [];       // acknowledged registrations: {email, password, id}
    const sessions = [];         // live refresh tokens
    let admin_writes = 0;
    const admin = await api.Post('/api/v1/auth/login', { email: 'admin@localhost', password: server.adminPassword });
    assert.equal(admin.status, 200, admin.Describe());
    let admin_tokens = admin.body;
    let admin_token_at = Date.now();
    const pending = new Set();

    const ops = {
      async register() {
        const account = { email: `soak-${randomBytes(6).toString('hex')}@example.com`, password: `Soak-${randomBytes(10).toString('hex')}`, displayName: 'Soak' };
        const reply = await api.Post('/api/v1/auth/register', account);
        count(reply.status);
        if (reply.status === 201) registered.push({ ...account, id: reply.body.id });
      },
      async login() {
        if (registered.length === 0) return;
        const account = registered[Math.floor(Math.random() * registered.length)];
        const reply = await api.Post('/api/v1/auth/login', { email: account.email, password: account.password });
        count(reply.status);
        if (reply.status === 200) {
          sessions.push({ refresh: reply.body.refreshToken, access: reply.body.accessToken });
          if (sessions.length > 200) sessions.shift();
        }
      },
      async refresh() {
        const session = sessions.shift();
        if (!session) return;
        const reply = await api.Post('/api/v1/auth/refresh', { refreshToken: session.refresh });
        count(reply.status);
        if (reply.status === 200) sessions.push({ refresh: reply.body.refreshToken, access: reply.body.accessToken });
      },
      async read() {
        const session = sessions[Math.floor(Math.random() * sessions.length)];
        if (!session) return;
        count((await api.Get('/api/v1/users/me', { token: session.access })).status);
      },
      async admin_write() {
        if (registered.length === 0) return;
        if (Date.now() - admin_token_at > 4 * 60_000) {  // access tokens live 10 minutes
          const renewed = await api.Post('/api/v1/auth/refresh', { refreshToken: admin_tokens.refreshToken });
          count(renewed.status);
          if (renewed.status === 200) [admin_tokens, admin_token_at] = [renewed.body, Date.now()];
        }
        const account = registered[Math.floor(Math.random() * registered.length)];
        const reply = await api.Patch(`/api/v1/users/${account.id}`, { displayName: `Soak ${randomBytes(3).toString('hex')}` }, { token: admin_tokens.accessToken });
        count(reply.status);
        if (reply.status === 200) ++admin_writes;
      },
    };
    // rampart:else
    // const created = [];          // ids of the acknowledged creations
    // const deleted = [];          // ids of the acknowledged deletions
    // const live = [];             // notes not (being) deleted: {id, owner}
    // let updates = 0;
    // // The callers: a subject each, its token minted again before it expires (10 minutes).
    // const principals = Array.from({ length: kPrincipals }, () => ({ id: randomUUID(), token: null, at: 0 }));
    // const Token = async (owner) => {
    //   const principal = principals[owner];
    //   if (Date.now() - principal.at > 4 * 60_000) [principal.token, principal.at] = [await server.issuer.Token({ sub: principal.id }), Date.now()];
    //   return principal.token;
    // };
    // const Pick = (list) => list[Math.floor(Math.random() * list.length)];
    // const pending = new Set();
    //
    // const ops = {
    //   async create() {
    //     const owner = Math.floor(Math.random() * kPrincipals);
    //     const reply = await api.Post('/api/v1/notes', { title: `Soak ${randomBytes(3).toString('hex')}`, body: 'soak' }, { token: await Token(owner) });
    //     count(reply.status);
    //     if (reply.status === 201) {
    //       created.push(reply.body.id);
    //       live.push({ id: reply.body.id, owner });
    //     }
    //   },
    //   async update() {
    //     const note = Pick(live);
    //     if (!note) return;
    //     const reply = await api.Patch(`/api/v1/notes/${note.id}`, { body: `Soak ${randomBytes(3).toString('hex')}` }, { token: await Token(note.owner) });
    //     count(reply.status);
    //     if (reply.status === 200) ++updates;
    //   },
    //   async remove() {
    //     if (live.length < 10) return;
    //     const [note] = live.splice(Math.floor(Math.random() * live.length), 1);
    //     const reply = await api.Delete(`/api/v1/notes/${note.id}`, { token: await Token(note.owner) });
    //     count(reply.status);
    //     if (reply.status === 204) deleted.push(note.id);
    //   },
    //   async read() {
    //     const note = Pick(live);
    //     if (!note) return;
    //     count((await api.Get(`/api/v1/notes/${note.id}`, { token: await Token(note.owner) })).status);
    //   },
    //   async list() {
    //     count((await api.Get('/api/v1/notes?pageSize=20', { token: await Token(Math.floor(Math.random() * kPrincipals)) })).status);
    //   },
    // };
    // rampart:end

    // A fixed rate: every ~100 ms, each operation is started as often as its rate × the time
    // elapsed asks for, whatever the earlier ones are still doing (a slow tick catches up).
    const started_at = Date.now();
    const started = Object.fromEntries(Object.keys(kRates).map((name) => [name, 0]));
    let warm = null;
    let warm_max_fds = 0;
    let warm_max_connections = 0;
    const Connections = () => Number(Psql(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'rampart_soak' AND pid <> pg_backend_pid()"));
    while (Date.now() - started_at < kSeconds * 1000) {
      const due_seconds = (Date.now() - started_at) / 1000;
      for (const [name, rate] of Object.entries(kRates)) {
        while (started[name] < Math.floor(rate * due_seconds)) {
          ++started[name];
          const op = ops[name]().catch((error) => count(`client error: ${error?.cause?.code ?? error.message}`));
          pending.add(op);
          op.finally(() => pending.delete(op));
        }
      }
      const elapsed = (Date.now() - started_at) / 1000;
      if (elapsed < kWarmupSeconds) {
        warm_max_fds = Math.max(warm_max_fds, OpenFds(server.child.pid, server.port).server);
        warm_max_connections = Math.max(warm_max_connections, Connections());
      } else if (warm === null) {
        warm = { rss: StatusKib(server.child.pid, 'VmRSS'), at: elapsed };
      }
      await Sleep(100);
    }
    await Promise.all([...pending]);
    const end_fds = OpenFds(server.child.pid, server.port);
    const end = { rss: StatusKib(server.child.pid, 'VmRSS'), fds: end_fds.server, client_connections: end_fds.clients, connections: Connections() };
    // rampart:begin(iam)
    const summary = { seconds: kSeconds, statuses: Object.fromEntries(statuses), registrations: registered.length, admin_writes, warm, warm_max_fds, warm_max_connections, end };
    // rampart:else
    // const summary = { seconds: kSeconds, statuses: Object.fromEntries(statuses), created: created.length, updates, deleted: deleted.length, warm, warm_max_fds, warm_max_connections, end };
    // rampart:end
    console.log(`soak: ${JSON.stringify(summary)}`);

    assert.deepEqual([...statuses.keys()].filter((s) => typeof s !== 'number' || s >= 500), [], `5xx or client errors: ${JSON.stringify(summary.statuses)}`);
    // rampart:begin(iam)
    assert.ok(registered.length >= kSeconds, `only ${registered.length} registrations in ${kSeconds} s`);
    // rampart:else
    // assert.ok(created.length >= kSeconds, `only ${created.length} notes created in ${kSeconds} s`);
    // rampart:end
    const growth = (end.rss - warm.rss) / warm.rss;
    if (kSanitizer) {
      // ASan keeps freed blocks in its quarantine (256 MiB) instead of reusing them, so RSS
      // grows by design (+33 % in 60 s measured); LeakSanitizer checks for leaks when the server
      // exits instead.
      console.log(`soak: RSS growth ${(growth * 100).toFixed(1)} % not checked on the ${kSanitizer} build`);
    } else {
      assert.ok(growth < 0.05, `RSS grew ${(growth * 100).toFixed(1)} % after the warm-up (${warm.rss} → ${end.rss} KiB)`);
    }
    assert.ok(end.fds <= warm_max_fds, `open files grew: ${warm_max_fds} during the warm-up, ${end.fds} at the end`);
    assert.ok(end.connections <= warm_max_connections, `PostgreSQL connections grew: ${warm_max_connections} → ${end.connections}`);

    // rampart:begin(iam)
    const ids = registered.map((account) => `'${account.id}'`).join(',');
    assert.equal(Number(Psql(url, `SELECT count(*) FROM users WHERE id::text IN (${ids})`)), registered.length, 'an acknowledged registration is missing');
    assert.equal(Number(Psql(url, `SELECT count(*) FROM audit_events WHERE action = 'user.created' AND target_id IN (${ids})`)), registered.length, 'user.created events ≠ registrations');
    assert.equal(Number(Psql(url, `SELECT count(*) FROM audit_events WHERE action = 'user.updated' AND target_id IN (${ids})`)), admin_writes, 'user.updated events ≠ administrator writes');
    // Every verification mail arrives (the outbox drains within seconds once the load stops).
    const addresses = new Set(registered.map((account) => account.email));
    const delivered = () => peer.messages.filter((message) => message.envelope.rcptTo.some((to) => addresses.has(to))).length;
    const deadline = Date.now() + 60_000;
    while (delivered() < registered.length && Date.now() < deadline) await Sleep(200);
    assert.equal(delivered(), registered.length, 'a verification mail was lost');
    // rampart:else
    // const List = (ids) => ids.map((id) => `'${id}'`).join(',') || "''";
    // const Audited = (action, ids) => Number(Psql(url, `SELECT count(*) FROM audit_events WHERE action = '${action}' AND target_id IN (${List(ids)})`));
    // assert.equal(Number(Psql(url, `SELECT count(*) FROM notes WHERE id::text IN (${List(created)})`)), created.length - deleted.length, 'an acknowledged creation is missing (or a deletion is not)');
    // assert.equal(Number(Psql(url, `SELECT count(*) FROM notes WHERE id::text IN (${List(deleted)})`)), 0, 'an acknowledged deletion left its note');
    // assert.equal(Audited('note.created', created), created.length, 'note.created events ≠ creations');
    // assert.equal(Audited('note.updated', created), updates, 'note.updated events ≠ changes');
    // assert.equal(Audited('note.deleted', deleted), deleted.length, 'note.deleted events ≠ deletions');
    // // Every creation is published (the outbox drains within seconds once the load stops).
    // const ids = new Set(created.map((id) => `notes/${id}`));
    // const published = () => Events(server).filter((event) => event.type === 'rampart.note.created' && ids.has(event.subject)).length;
    // const deadline = Date.now() + 60_000;
    // while (published() < created.length && Date.now() < deadline) await Sleep(1000);
    // assert.equal(published(), created.length, 'a note.created event was lost');
    // rampart:end
  });
});
