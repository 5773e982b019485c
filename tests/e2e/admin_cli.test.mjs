// `rampart admin create` and `rampart admin reset-password` against the same database a server
// uses (a SQLite file in the data dir, or the server's own PostgreSQL database): the account the  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // uses (the server's own PostgreSQL database): the account the
// rampart:end
// CLI creates signs in as an administrator; a reset revokes the sessions, makes earlier access
// tokens stop working and clears the lockout; failures are one line on stderr with a distinct
// exit code and nothing on stdout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  Login,
  SignedInUser,
  UniqueEmail,
  UniquePassword,
} from './lib/client.mjs';
import { CreateDatabase, MakeTempDir, DatabaseServerUrl, RampartServer, RunCli } from './lib/server.mjs';

const kMe = '/api/v1/users/me';
const kMaxFailures = 3;

// The environment that points a CLI run at `server`'s database.
function DatabaseEnv(server) {
  return {
    RAMPART_DATA_DIR: server.dataDir,
    ...(server.databaseUrl ? { RAMPART_DATABASE_URL: server.databaseUrl } : {}),
  };
}

function StderrLines(result) {
  return result.stderr.split('\n').filter((line) => line.trim().length > 0);
}

describe('admin create on a database no server has touched yet', () => {
  it('migrates, seeds the roles, creates the administrator and prints the generated password once', async () => {
    const data_dir = MakeTempDir();
    const database_url = DatabaseServerUrl() ? CreateDatabase() : null;
    const email = UniqueEmail('ops');
    const env = { RAMPART_DATA_DIR: data_dir, ...(database_url ? { RAMPART_DATABASE_URL: database_url } : {}) };
    const created = await RunCli(['admin', 'create', '--email', email, '--display-name', 'Ops'], {
      env,
      stdoutIsSecret: true,
      timeoutMs: 30_000,
    });
    assert.equal(created.code, 0, created.stderr);
    const lines = created.stdout.split('\n').filter((line) => line.length > 0);
    assert.equal(lines.length, 1, `stdout must be the password alone:\n${created.stdout}`);
    const password = lines[0];
    assert.ok(password.length >= 32, 'a generated password of 256 bits');
    assert.match(created.stderr, new RegExp(`created administrator ${email}`));

    // No first administrator is seeded over it: the server starts with this one.
    const server = await RampartServer.Start({ dataDir: data_dir, databaseUrl: database_url, adminPassword: null });
    try {
      assert.ok(!server.allLines.some((line) => /Generated password for/.test(line)), server.Tail());
      const api = new Api(server.baseUrl);
      const tokens = await Login(api, email, password);
      const me = ExpectJson(await api.Get(kMe, { token: tokens.accessToken }), 200);
      assert.equal(me.displayName, 'Ops');
      assert.equal(me.emailVerified, true);
      assert.deepEqual(me.roles, ['admin']);
      // An administrator: the admin users list answers.
      ExpectJson(await api.Get('/api/v1/users', { token: tokens.accessToken }), 200);
      const login_as_default = await api.Post('/api/v1/auth/login', { email: 'admin@localhost', password: 'whatever-password' });
      assert.equal(login_as_default.status, 401);
    } finally {
      await server.Stop();
    }
  });
});

describe('admin commands beside a running server', () => {
  let server;
  let api;

  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_LOCKOUT_MAX_FAILURES: kMaxFailures, RAMPART_LOCKOUT_BASE_DURATION: '10m' } });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('admin create --password-stdin: the new administrator signs in with that password', async () => {
    const email = UniqueEmail('ops');
    const password = UniquePassword();
    const created = await RunCli(['admin', 'create', '--email', email, '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${password}\n`,
    });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, '', 'nothing on stdout when the password came from stdin');
    const tokens = await Login(api, email, password);
    const me = ExpectJson(await api.Get(kMe, { token: tokens.accessToken }), 200);
    assert.deepEqual(me.roles, ['admin']);
    assert.equal(me.displayName, 'Administrator');
  });

  it('admin create refuses a taken e-mail (exit 3), a bad e-mail and a short password (exit 2) in one line', async () => {
    const { email } = await SignedInUser(api);
    const taken = await RunCli(['admin', 'create', '--email', email.toUpperCase(), '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${UniquePassword()}\n`,
    });
    assert.equal(taken.code, 3, taken.stderr);
    assert.equal(StderrLines(taken).length, 1, taken.stderr);
    assert.match(taken.stderr, /already registered/);
    assert.equal(taken.stdout, '');

    const bad_email = await RunCli(['admin', 'create', '--email', 'not-an-address', '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${UniquePassword()}\n`,
    });
    assert.equal(bad_email.code, 2, bad_email.stderr);
    assert.equal(StderrLines(bad_email).length, 1, bad_email.stderr);
    assert.match(bad_email.stderr, /email/);

    const short = await RunCli(['admin', 'create', '--email', UniqueEmail('ops'), '--password-stdin'], {
      env: DatabaseEnv(server),
      input: 'short\n',
    });
    assert.equal(short.code, 2, short.stderr);
    assert.equal(StderrLines(short).length, 1, short.stderr);
    assert.match(short.stderr, /password/);

    const no_stdin = await RunCli(['admin', 'create', '--email', UniqueEmail('ops'), '--password-stdin'], {
      env: DatabaseEnv(server),
      input: '',
    });
    assert.equal(no_stdin.code, 2, no_stdin.stderr);
    assert.equal(StderrLines(no_stdin).length, 1, no_stdin.stderr);
  });

  it('admin reset-password: unknown e-mail exit 4, policy violation exit 2, nothing changed', async () => {
    const unknown = await RunCli(['admin', 'reset-password', '--email', UniqueEmail('nobody'), '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${UniquePassword()}\n`,
    });
    assert.equal(unknown.code, 4, unknown.stderr);
    assert.equal(StderrLines(unknown).length, 1, unknown.stderr);

    const account = await SignedInUser(api);
    const weak = await RunCli(['admin', 'reset-password', '--email', account.email, '--password-stdin'], {
      env: DatabaseEnv(server),
      input: 'short\n',
    });
    assert.equal(weak.code, 2, weak.stderr);
    assert.match(weak.stderr, /password/);
    await Login(api, account.email, account.password);
  });

  it('admin reset-password revokes sessions, ends earlier access tokens and clears the lockout', async () => {
    const account = await SignedInUser(api);
    const other_session = await Login(api, account.email, account.password);
    for (let failure = 0; failure < kMaxFailures; ++failure) {
      await api.Post('/api/v1/auth/login', { email: account.email, password: 'wrong-password-guess' });
    }
    ExpectProblem(await api.Post('/api/v1/auth/login', { email: account.email, password: account.password }), {
      status: 429,
      type: '/problems/locked',
    });

    const new_password = UniquePassword();
    const reset = await RunCli(['admin', 'reset-password', '--email', account.email, '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${new_password}\n`,
    });
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stderr, /2 session\(s\) revoked/);
    assert.equal(reset.stdout, '');

    // Refresh and login read the database: refused by the running server at once.
    for (const refresh of [account.tokens.refreshToken, other_session.refreshToken]) {
      const refused = await api.Post('/api/v1/auth/refresh', { refreshToken: refresh });
      assert.equal(refused.status, 401, refused.Describe());
    }
    const old_password = await api.Post('/api/v1/auth/login', { email: account.email, password: account.password });
    assert.equal(old_password.status, 401, old_password.Describe());
    // The access token's check may be answered from the server's in-process cache for its TTL;
    // a restart reads the database (docs/admin-cli.md: "The CLI and a running server").
    server = await server.Restart();
    api = new Api(server.baseUrl);
    ExpectUnauthorized(await api.Get(kMe, { token: account.tokens.accessToken }), kMe);
    const tokens = await Login(api, account.email, new_password);
    ExpectJson(await api.Get(kMe, { token: tokens.accessToken }), 200);

    const admin = await Login(api, 'admin@localhost', server.adminPassword);
    const events = ExpectJson(
      await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action: 'user.password.reset', target: account.user.id })}`, {
        token: admin.accessToken,
      }),
      200,
    );
    assert.equal(events.items.length, 1, JSON.stringify(events));
    assert.equal(events.items[0].details.via, 'cli');
  });

  // The CLI takes addresses through the same normalisation as the HTTP API (docs/users.md).
  it('admin create and reset-password take an address in any case or Unicode form', async () => {
    const local = `cli-${UniquePassword().slice(-8)}`;
    const created = await RunCli(['admin', 'create', '--email', `${local.toUpperCase()}@EX\u00c4MPLE.COM`, '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${UniquePassword()}\n`,
    });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, new RegExp(`created administrator ${local}@xn--exmple-cua\\.com `));
    const new_password = UniquePassword();
    const reset = await RunCli(['admin', 'reset-password', '--email', `${local}@exa\u0308mple.com`, '--password-stdin'], {
      env: DatabaseEnv(server),
      input: `${new_password}\n`,
    });
    assert.equal(reset.code, 0, reset.stderr);
    await Login(api, `${local}@xn--exmple-cua.com`, new_password);
  });

  it('admin reset-password without --password-stdin prints the generated password once', async () => {
    const account = await SignedInUser(api);
    const reset = await RunCli(['admin', 'reset-password', '--email', account.email], {
      env: DatabaseEnv(server),
      stdoutIsSecret: true,
    });
    assert.equal(reset.code, 0, reset.stderr);
    const lines = reset.stdout.split('\n').filter((line) => line.length > 0);
    assert.equal(lines.length, 1, 'stdout must be the password alone');
    await Login(api, account.email, lines[0]);
  });
});
