// `rampart migrate` through the real binary (issue 17, defect 6): it needs the database settings
// only (no signing keys written, no metrics token demanded, production's other rules not  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// // only (no metrics token demanded, production's other rules not
// rampart:end
// applied), `--status` lists what is pending and changes nothing, `database.auto_migrate =
// false` makes serve refuse a schema it needs migrated, and a schema migrated by a newer
// release is used as it is (expand/contract: the previous release keeps running during a
// rolling deploy). On each database.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // rolling deploy).
// rampart:end
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';  // rampart:only(sqlite)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { CreateDatabase, MakeTempDir, DatabaseServerUrl, QueryDatabase, RampartServer, RunCli } from './lib/server.mjs';

// A database of its own: a data dir (SQLite) or a fresh database on the suite's cluster.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // A database of its own: a fresh database on the suite's cluster (and a data dir).
// rampart:end
function FreshDatabase() {
  const data_dir = MakeTempDir('rampart-e2e-migrate-');
  const url = DatabaseServerUrl() ? CreateDatabase() : null;
  return {
    dataDir: data_dir,
    env: { RAMPART_DATA_DIR: data_dir, ...(url ? { RAMPART_DATABASE_URL: url } : {}) },
    Sql(sql) {
      if (url) return QueryDatabase(url, sql).trim();  // rampart:only(sqlite)
      return execFileSync('sqlite3', [join(data_dir, 'rampart.db'), sql], { encoding: 'utf8' }).trim();  // rampart:only(sqlite)
      // rampart:begin(sqlite)
      // rampart:else
      // return QueryDatabase(url, sql).trim();
      // rampart:end
    },
  };
}

const Pending = (stdout) => stdout.split('\n').filter((line) => line.startsWith('pending: '));

describe('rampart migrate', () => {
  it('needs the database settings only: writes no signing keys, ignores the other settings', async () => {  // rampart:only(iam)
  // rampart:begin(iam)
  // rampart:else
  // it('needs the database settings only: ignores the other settings', async () => {
  // rampart:end
    const database = FreshDatabase();
    const result = await RunCli(['migrate'], {
      env: {
        ...database.env,
        // What serve would refuse, none of it about the database.
        RAMPART_ENV: 'production',
        RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION: 'true',  // rampart:only(sqlite)
        RAMPART_METRICS_ACCESS: 'token',
        RAMPART_LISTEN: 'not-an-address',
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /migrate: applied \d+ migration\(s\); database is up to date/);
    assert.ok(!existsSync(join(database.dataDir, 'keys')), 'migrate wrote signing keys');  // rampart:only(iam)
    // A problem with a database setting still stops it.
    const bad = await RunCli(['migrate'], { env: { ...database.env, RAMPART_DATABASE_AUTO_MIGRATE: 'maybe' } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /RAMPART_DATABASE_AUTO_MIGRATE/);
  });

  it('--status lists the pending migrations and changes nothing', async () => {
    const database = FreshDatabase();
    const before = await RunCli(['migrate', '--status'], { env: database.env });
    assert.equal(before.code, 0, before.stderr);
    const pending = Pending(before.stdout);
    assert.ok(pending.length >= 5, before.stdout);  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // assert.ok(pending.length >= 4, before.stdout);
    // rampart:end
    assert.match(pending[0], /^pending: 0001_/);
    assert.match(before.stdout, new RegExp(`migrate: ${pending.length} pending migration\\(s\\); nothing changed`));
    if (!DatabaseServerUrl()) assert.ok(!existsSync(join(database.dataDir, 'rampart.db')), '--status created the database');  // rampart:only(sqlite)
    assert.equal((await RunCli(['migrate', '--status'], { env: database.env })).stdout, before.stdout, 'the first --status changed something');

    const applied = await RunCli(['migrate'], { env: database.env });
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout.split('\n').filter((line) => line.startsWith('applied: ')).length, pending.length);
    const after = await RunCli(['migrate', '--status'], { env: database.env });
    assert.deepEqual(Pending(after.stdout), []);
    assert.match(after.stdout, /0 pending migration\(s\); database is up to date/);
  });

  it('database.auto_migrate = false: serve refuses a schema it needs migrated, and starts once migrated', async () => {
    const database = FreshDatabase();
    const env = { ...database.env, RAMPART_DATABASE_AUTO_MIGRATE: 'false' };
    const refused = await RunCli(['serve'], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /database\.auto_migrate is false: run `rampart migrate` first/);
    assert.equal((await RunCli(['migrate'], { env })).code, 0);
    const server = await RampartServer.Start({ dataDir: database.dataDir, databaseUrl: env.RAMPART_DATABASE_URL, env });
    try {
      assert.equal((await fetch(`${server.baseUrl}/health/ready`)).status, 200);
    } finally {
      await server.Stop();
    }
  });

  it('a schema migrated by a newer release: serve runs on it, migrate applies nothing', async () => {
    const database = FreshDatabase();
    assert.equal((await RunCli(['migrate'], { env: database.env })).code, 0);
    // rampart:begin(postgres)
    const now = DatabaseServerUrl() ? 'now()' : "strftime('%s','now')";  // rampart:only(sqlite)
    // rampart:begin(sqlite)
    // rampart:else
    // const now = 'now()';
    // rampart:end
    // rampart:else
    // const now = "strftime('%s','now')";
    // rampart:end
    database.Sql(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_from_a_newer_release', ${now})`);

    const status = await RunCli(['migrate'], { env: database.env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /schema: version 9999/);
    assert.match(status.stdout, /migrated by a newer rampart; nothing to apply/);

    const server = await RampartServer.Start({ dataDir: database.dataDir, databaseUrl: database.env.RAMPART_DATABASE_URL });
    try {
      const warning = JSON.parse(await server.WaitForLine((line) => line.includes('schema is newer than this binary')));
      assert.equal(warning.schemaVersion, 9999);
      assert.equal((await fetch(`${server.baseUrl}/health/ready`)).status, 200);
    } finally {
      await server.Stop();
    }
  });

  // rampart:begin(postgres)
  it('PostgreSQL: a connection refused for good (unknown role) fails at once instead of retrying for 30 s', {
    skip: DatabaseServerUrl() ? false : 'PostgreSQL only (runs in e2e.http.postgres)',  // rampart:only(sqlite)
  }, async () => {
    const url = CreateDatabase().replace('postgresql://postgres@', 'postgresql://no_such_role@');
    const started = performance.now();
    const result = await RunCli(['migrate'], { env: { RAMPART_DATA_DIR: MakeTempDir(), RAMPART_DATABASE_URL: url }, timeoutMs: 40_000 });
    const took = performance.now() - started;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no_such_role/);
    assert.ok(took < 10_000, `migrate took ${took.toFixed(0)} ms to give up`);
  });
  // rampart:end
});
