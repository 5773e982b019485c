// audit.retention through the real binary: a trail with a backlog older than the retention
// (written straight into the database while the server is down: the service itself only writes
// "now") is pruned by the pass at start, in batches, with a log line and a metric; the events
// younger than the retention stay; events that age while it runs go at a later periodic pass.
// Runs on SQLite and PostgreSQL.  // rampart:only(sqlite)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';  // rampart:only(sqlite)
import { join } from 'node:path';  // rampart:only(sqlite)
import { after, before, describe, it } from 'node:test';

import { AdminToken, Api, ExpectJson } from './lib/client.mjs';
import { ParsePrometheus, SampleValue } from './lib/prometheus.mjs';
import { QueryDatabase, RampartServer } from './lib/server.mjs';

const kDay = 86_400;
const kBacklog = 2_500;
const kBatch = 1_000;
const kYoungId = '00000000-0000-4000-8000-999999999999';

// Inserts `count` events 40 days old (one second apart, ids from `first`) and one event 29 days
// old (once). The database may be in use: SQLite waits for its write lock (WAL).  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // old (once), while the server may be using the database.
// rampart:end
function WriteAgedEvents(server, { count = kBacklog, first = 1, young = true } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const old = now - 40 * kDay;
  const young_at = now - 29 * kDay;
  const last = first + count - 1;
  if (server.databaseUrl) {  // rampart:only(sqlite)
    QueryDatabase(server.databaseUrl, `
      INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip, user_agent, correlation_id, details)
      SELECT ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, to_timestamp(${old} - n),
             'auth.logout', 'aged', 'session', 's', '203.0.113.7', 'e2e', 'aged', '{}'
      FROM generate_series(${first}, ${last}) AS n;` + (young ? `
      INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip, user_agent, correlation_id, details)
      VALUES ('${kYoungId}', to_timestamp(${young_at}), 'auth.logout', 'young', 'session', 's', '', 'e2e', 'young', '{}');` : ''));
    return;  // rampart:only(sqlite)
  }  // rampart:only(sqlite)
  // rampart:begin(sqlite)
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', join(server.dataDir, 'rampart.db'), `
    WITH RECURSIVE n(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM n WHERE i < ${last})
    INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip, user_agent, correlation_id, details)
    SELECT printf('00000000-0000-4000-8000-%012d', i), ${old} - i, 'auth.logout', 'aged', 'session', 's',
           '203.0.113.7', 'e2e', 'aged', '{}' FROM n;` + (young ? `
    INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip, user_agent, correlation_id, details)
    VALUES ('${kYoungId}', ${young_at}, 'auth.logout', 'young', 'session', 's', '', 'e2e', 'young', '{}');` : '')]);
  // rampart:end
}

describe('audit retention', () => {
  let server;
  let api;
  let token;

  before(async () => {
    const first = await RampartServer.Start();
    await first.Stop();
    WriteAgedEvents(first);
    server = await first.Restart({
      env: {
        RAMPART_AUDIT_RETENTION: '30d',
        RAMPART_AUDIT_PRUNE_BATCH: String(kBatch),
        RAMPART_AUDIT_PRUNE_INTERVAL: '300ms',
      },
    });
    api = new Api(server.baseUrl);
    token = await AdminToken(server);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('logs the pass at start: the whole backlog in batches', async () => {
    const line = await server.WaitForLine((text) => text.includes('"audit retention pass"'), 15_000);
    const pass = JSON.parse(line);
    assert.equal(pass.level, 'info');
    assert.equal(pass.deleted, kBacklog);
    assert.equal(pass.batches, Math.ceil(kBacklog / kBatch));
    assert.equal(pass.interrupted, false);
    assert.equal(typeof pass.durationMs, 'number');
    const bound = Date.parse(pass.olderThan);
    assert.ok(Math.abs(bound - (Date.now() - 30 * kDay * 1000)) < 60_000, pass.olderThan);
  });

  it('keeps every event younger than the retention, and nothing older', async () => {
    await server.WaitForLine((text) => text.includes('"audit retention pass"'), 15_000);
    const query = (params) => new URLSearchParams({ ...params, pageSize: '100' });
    const older = ExpectJson(await api.Get(`/api/v1/audit-events?${query({
      to: new Date(Date.now() - 30 * kDay * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    })}`, { token }), 200);
    assert.equal(older.total, 0);
    const young = ExpectJson(await api.Get(`/api/v1/audit-events?${query({ actor: 'young' })}`, { token }), 200);
    assert.deepEqual(young.items.map((event) => event.id), [kYoungId]);
    // rampart:begin(iam)
    // The first start's own events (built-in roles, the administrator) are minutes old.
    const seeded = ExpectJson(await api.Get(`/api/v1/audit-events?${query({ action: 'role.created' })}`, { token }), 200);
    assert.ok(seeded.total >= 2, JSON.stringify(seeded));
    // rampart:end
  });

  it('counts the deleted events in /metrics', async () => {
    await server.WaitForLine((text) => text.includes('"audit retention pass"'), 15_000);
    const reply = await api.Get('/metrics');
    assert.equal(reply.status, 200);
    assert.equal(SampleValue(ParsePrometheus(reply.text), 'rampart_audit_pruned_total'), kBacklog);
  });

  it('prunes again every audit.prune_interval: events that age meanwhile go at a later pass', async () => {
    await server.WaitForLine((text) => text.includes('"audit retention pass"'), 15_000);
    WriteAgedEvents(server, { count: 7, first: kBacklog + 1, young: false });
    const line = await server.WaitForLine(
      (text) => text.includes('"audit retention pass"') && JSON.parse(text).deleted === 7, 15_000);
    assert.equal(JSON.parse(line).batches, 1);
    const young = ExpectJson(await api.Get('/api/v1/audit-events?actor=young', { token }), 200);
    assert.equal(young.total, 1);
  });
});
