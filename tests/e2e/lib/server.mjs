// Starts the real rampart binary for a test file: a free loopback port, a fresh temp data dir,
// readiness by polling /health/live, stdout/stderr captured line by line, SIGTERM stop with the
// exit code and the time it took, restart on the same data dir and port.
//
// Nothing may outlive the test process: every child still running when it exits is SIGKILLed
// and every temp dir is removed (set RAMPART_E2E_KEEP=1 to keep them for a post-mortem).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as HttpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { TestIssuer } from './issuer.mjs';
import { RecordEnvironmentSecrets, RecordSecret, WatchOutput } from './secrets.mjs';

const kReadyTimeoutMs = 10_000;
const kStopTimeoutMs = 10_000;

const live_children = new Set();
const temp_dirs = new Set();

const temp_databases = new Set();  // rampart:only(postgres)

process.on('exit', () => {
  for (const child of live_children) child.kill('SIGKILL');
  for (const url of temp_databases) DropDatabase(url);  // rampart:only(postgres)
  if (process.env.RAMPART_E2E_KEEP === '1') return;
  for (const dir of temp_dirs) rmSync(dir, { recursive: true, force: true });
});
// A test runner that is itself interrupted must still take its servers down.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + 1));
}

/// Path of the binary under test: $RAMPART_BIN, else build/rampart at the repository root.
export function BinaryPath() {
  const from_env = process.env.RAMPART_BIN;
  if (from_env) return resolve(from_env);
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../build/rampart');
}

// rampart:begin(sqlite)
/// The database server the suite runs against, or null for the embedded SQLite default.
// rampart:else
// /// The database server the suite runs against: there is no other database, so it is required.
// rampart:end
// rampart:begin(postgres)
// rampart:begin(sqlite)
/// ctest's e2e.http.postgres entry sets RAMPART_E2E_POSTGRES_URL_FILE to the file where the
/// `postgres` fixture (tests/services/postgres.sh) wrote the cluster's admin URL.
// rampart:else
// /// ctest's entries set RAMPART_E2E_POSTGRES_URL_FILE to the file where the `postgres` fixture
// /// (tests/services/postgres.sh) wrote the cluster's admin URL.
// rampart:end
export function DatabaseServerUrl() {
  const file = process.env.RAMPART_E2E_POSTGRES_URL_FILE;
  // rampart:begin(sqlite)
  if (!file) return null;
  // rampart:else
  // if (!file) {
  //   throw new Error('RAMPART_E2E_POSTGRES_URL_FILE is not set: the suites run on a PostgreSQL cluster ' +
  //                   '(`tests/services/postgres.sh start DIR` writes its URL to DIR/url; ctest sets it)');
  // }
  // rampart:end
  return readFileSync(file, 'utf8').trim();
}

function Psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
}

/// A fresh, empty database on the suite's PostgreSQL cluster (dropped when the test process
/// exits); its URL. Every server instance gets its own, as each gets its own SQLite file.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// /// exits); its URL. Every server instance gets its own.
// rampart:end
export function CreateDatabase() {
  const admin = DatabaseServerUrl();
  const name = `rampart_e2e_${randomBytes(6).toString('hex')}`;
  Psql(admin, `CREATE DATABASE ${name}`);
  const url = admin.slice(0, admin.lastIndexOf('/') + 1) + name;
  temp_databases.add(url);
  return url;
}

/// Runs SQL on a database of the suite's cluster and returns psql's unaligned output.
export function QueryDatabase(url, sql) {
  return Psql(url, sql);
}

function DropDatabase(url) {
  const admin = DatabaseServerUrl();
  const name = url.slice(url.lastIndexOf('/') + 1);
  try {
    Psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch {
    // The cluster may already be gone; its directory is removed by the fixture.
  }
}
// rampart:else
// export function DatabaseServerUrl() {
//   return null;
// }
//
// /// There is no database server: the suites never call these.
// export function CreateDatabase() {
//   throw new Error('no database server');
// }
//
// export function QueryDatabase() {
//   throw new Error('no database server');
// }
// rampart:end

/// A new temp dir, removed when the test process exits.
export function MakeTempDir(prefix = 'rampart-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp_dirs.add(dir);
  return dir;
}

/// A loopback port that was free a moment ago (the OS picks it; a race is retried by Start).
export function FreePort() {
  return new Promise((resolve_port, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve_port(port));
    });
  });
}

/// Polls `condition()` (async or not) every 100 ms until it returns something truthy, which it
/// returns; fails naming `what` after `timeout_ms`.
export async function Eventually(what, condition, timeout_ms = 5000) {
  const deadline = performance.now() + timeout_ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeout_ms} ms`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/// A random password: the prefix and 24 hex characters (an administrator's, a database role's).
export function RandomPassword(prefix = 'E2e-pass-') {
  return prefix + randomBytes(12).toString('hex');
}

// The child's environment: the parent's, minus every RAMPART_* variable (so a developer's
// shell settings or RAMPART_BIN never leak into the server's configuration), plus `env`.
// A value of null/undefined in `env` leaves the variable unset.
function ChildEnv(env) {
  const result = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('RAMPART_')) result[key] = value;
  }
  for (const [key, value] of Object.entries(env)) {
    if (value !== null && value !== undefined) result[key] = String(value);
  }
  return result;
}

function CollectLines(stream, sink, echo_prefix) {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    sink.push(line);
    if (process.env.RAMPART_E2E_VERBOSE === '1') process.stderr.write(`${echo_prefix}${line}\n`);
  });
  return new Promise((done) => lines.once('close', done));
}

// rampart:begin(iam)
// rampart:else
// /// The issuer a command is told to trust unless its `env` names one (or unsets it with null):
// /// every command reads the whole configuration, which must name one, and none contacts it.
// export const kPlaceholderIssuer = 'https://issuer.example.com';
//
// rampart:end
/// Runs the binary to completion (CLI sub-commands): {code, signal, stdout, stderr}.
/// options.input          written to the child's stdin, which is then closed (default: no stdin)
/// options.stdoutIsSecret the command prints a generated password on stdout by design (`admin
///                        create` without --password-stdin): only stderr is searched for leaks
export function RunCli(args, { env = {}, cwd, timeoutMs = 15_000, input, stdoutIsSecret = false } = {}) {
  // rampart:begin(iam)
  // rampart:else
  // env = { RAMPART_JWT_ISSUER: kPlaceholderIssuer, ...env };
  // rampart:end
  // rampart:begin(sqlite)
  // rampart:else
  // // Every command reads the whole configuration, which must name a database: unless `env` names
  // // one (or unsets it with null), a fresh one of the suite's cluster, as a server gets.
  // if (!('RAMPART_DATABASE_URL' in env)) env = { ...env, RAMPART_DATABASE_URL: CreateDatabase() };
  // rampart:end
  const binary = BinaryPath();
  if (!existsSync(binary)) throw new Error(`rampart binary not found at ${binary} (set RAMPART_BIN)`);
  const work_dir = cwd ?? MakeTempDir('rampart-e2e-cli-');
  RecordEnvironmentSecrets(env);
  return new Promise((done, fail) => {
    const stdin = input === undefined ? 'ignore' : 'pipe';
    const child = spawn(binary, args, { cwd: work_dir, env: ChildEnv(env), stdio: [stdin, 'pipe', 'pipe'] });
    live_children.add(child);
    if (input !== undefined) child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    WatchOutput(`rampart ${args.join(' ')} (pid ${child.pid})`, () =>
      (stdoutIsSecret ? stderr : `${stdout}\n${stderr}`).split('\n'));
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`rampart ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      live_children.delete(child);
      fail(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      live_children.delete(child);
      done({ code, signal, stdout, stderr });
    });
  });
}

/// One running `rampart serve` process.
export class RampartServer {
  /// Starts a server and waits until GET /health/live answers 200.
  /// options.dataDir   reuse a data dir (default: a fresh temp dir)
  /// options.port      fixed port (default: a free one, retried on a bind race)
  /// options.adminPassword  RAMPART_ADMIN_PASSWORD; null leaves it unset (default: random)  // rampart:only(iam)
  /// options.env       extra environment variables (null unsets)
  /// options.issuer    a TestIssuer (lib/issuer.mjs) whose tokens the server trusts (its Env())
  /// options.binary    another program served the same way (for example a second service),
  ///                   with its host:port in options.listenVariable
  static async Start(options = {}) {
    // rampart:begin(iam)
    // rampart:else
    // // Without an identity domain of its own the service trusts a test issuer's tokens: one
    // // per server (kept across Restart()) unless options.issuer names one.
    // if (options.issuer === undefined) options = { ...options, issuer: await TestIssuer.Start() };
    // rampart:end
    const attempts = options.port ? 1 : 3;
    let last_error;
    for (let attempt = 0; attempt < attempts; ++attempt) {
      const server = new RampartServer(options, options.port ?? (await FreePort()));
      try {
        await server.WaitReady(options.readyTimeoutMs ?? kReadyTimeoutMs);
        return server;
      } catch (error) {
        last_error = error;
        server.Kill();
        await server.exited_;
        // Only a process that died on its own may have lost a port race; anything else is real.
        if (!server.exit_ || server.exit_.signal === 'SIGKILL') break;
      }
    }
    throw last_error;
  }

  constructor(options, port) {
    const binary = options.binary ?? BinaryPath();
    if (!existsSync(binary)) throw new Error(`binary not found at ${binary} (set RAMPART_BIN)`);
    this.options = options;
    this.port = port;
    this.host = '127.0.0.1';
    // options.tls: the server terminates TLS (the caller sets RAMPART_TLS_* in options.env).
    this.baseUrl = `${options.tls ? 'https' : 'http'}://${this.host}:${port}`;
    this.root = options.root ?? MakeTempDir();
    this.dataDir = options.dataDir ?? join(this.root, 'data');
    this.workDir = join(this.root, 'work');
    mkdirSync(this.workDir, { recursive: true });
    this.adminPassword = options.adminPassword === undefined ? RandomPassword('E2e-root-') : options.adminPassword;  // rampart:only(iam)
    this.issuer = options.issuer ?? null;
    // On a database server: a database of its own, kept across Restart() like the data dir.
    this.databaseUrl = options.databaseUrl ?? (DatabaseServerUrl() ? CreateDatabase() : null);  // rampart:only(sqlite)
    // rampart:begin(sqlite)
    // rampart:else
    // this.databaseUrl = options.databaseUrl ?? CreateDatabase();
    // rampart:end
    this.stdoutLines = [];
    this.stderrLines = [];
    this.exit_ = null;

    const env = {
      [options.listenVariable ?? 'RAMPART_LISTEN']: `${this.host}:${port}`,
      RAMPART_DATA_DIR: this.dataDir,
      RAMPART_ADMIN_PASSWORD: this.adminPassword,  // rampart:only(iam)
      RAMPART_LOG_LEVEL: 'info',
      // rampart:begin(iam)
      // The suites register and log in far more often from 127.0.0.1 than the default limit
      // on those endpoints allows (10 per minute); rate_limit.test.mjs tests that limit itself.
      RAMPART_RATE_LIMIT_AUTH_LIMIT: 100000,
      // rampart:end
      ...(this.issuer ? this.issuer.Env() : {}),
      ...(this.databaseUrl ? { RAMPART_DATABASE_URL: this.databaseUrl } : {}),
      ...(options.env ?? {}),
    };
    RecordSecret('admin password', this.adminPassword);  // rampart:only(iam)
    RecordEnvironmentSecrets(env);
    this.child = spawn(binary, options.args ?? ['serve'], {
      cwd: this.workDir,
      env: ChildEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live_children.add(this.child);
    WatchOutput(`rampart serve on port ${port} (pid ${this.child.pid})`, () => this.allLines);
    const streams_closed = Promise.all([
      CollectLines(this.child.stdout, this.stdoutLines, `[rampart:${port} out] `),
      CollectLines(this.child.stderr, this.stderrLines, `[rampart:${port} err] `),
    ]);
    const process_exited = new Promise((done) => {
      this.child.once('error', (error) => {
        this.spawn_error_ = error;
        done();
      });
      this.child.once('exit', (code, signal) => {
        this.exit_ = { code, signal, at: performance.now() };
        live_children.delete(this.child);
        done();
      });
    });
    // Resolved once the process has exited and all of its output has been read.
    this.exited_ = Promise.all([process_exited, streams_closed]);
  }

  get running() {
    return this.exit_ === null && !this.spawn_error_;
  }

  /// Every captured line, stdout then stderr.
  get allLines() {
    return [...this.stdoutLines, ...this.stderrLines];
  }

  /// How many output lines so far contain `text`.
  CountLines(text) {
    return this.allLines.filter((line) => line.includes(text)).length;
  }

  /// The last `count` lines of output, for failure messages.
  Tail(count = 30) {
    return ['--- stdout ---', ...this.stdoutLines.slice(-count), '--- stderr ---', ...this.stderrLines.slice(-count)].join('\n');
  }

  // The status of GET /health/live (over TLS without checking the certificate: readiness only).
  async ProbeLive() {
    if (!this.options.tls) {
      const response = await fetch(`${this.baseUrl}/health/live`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return response.status;
    }
    return new Promise((done, fail) => {
      const request = HttpsGet(`${this.baseUrl}/health/live`, { rejectUnauthorized: false, timeout: 1000 }, (response) => {
        response.resume();
        response.once('end', () => done(response.statusCode));
      });
      request.once('timeout', () => request.destroy(new Error('timeout')));
      request.once('error', fail);
    });
  }

  async WaitReady(timeout_ms) {
    const deadline = performance.now() + timeout_ms;
    while (performance.now() < deadline) {
      if (!this.running) {
        await this.exited_;
        throw new Error(`rampart exited before it was ready (${JSON.stringify(this.exit_ ?? this.spawn_error_?.message)})\n${this.Tail()}`);
      }
      try {
        if ((await this.ProbeLive()) === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((wake) => setTimeout(wake, 50));
    }
    throw new Error(`rampart was not ready within ${timeout_ms} ms\n${this.Tail()}`);
  }

  /// Resolves with the first output line matching `predicate` (already seen or future).
  async WaitForLine(predicate, timeout_ms = 5000) {
    const deadline = performance.now() + timeout_ms;
    for (;;) {
      const found = this.allLines.find(predicate);
      if (found !== undefined) return found;
      if (performance.now() > deadline) throw new Error(`no matching output line within ${timeout_ms} ms\n${this.Tail()}`);
      await new Promise((wake) => setTimeout(wake, 25));
    }
  }

  /// Sends `signal` and waits for the exit: {code, signal, ms} where ms is signal → exit.
  /// A process that has not exited after timeoutMs is SIGKILLed and reported with timedOut.
  async Stop({ signal = 'SIGTERM', timeoutMs = kStopTimeoutMs } = {}) {
    if (!this.running) {
      await this.exited_;
      return { code: this.exit_?.code ?? null, signal: this.exit_?.signal ?? null, ms: 0, alreadyExited: true };
    }
    const sent_at = performance.now();
    this.child.kill(signal);
    let timer;
    const timed_out = await Promise.race([
      this.exited_.then(() => false),
      new Promise((done) => (timer = setTimeout(() => done(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timed_out) {
      this.Kill();
      await this.exited_;
      return { code: null, signal: 'SIGKILL', ms: performance.now() - sent_at, timedOut: true };
    }
    return { code: this.exit_.code, signal: this.exit_.signal, ms: this.exit_.at - sent_at, timedOut: false };
  }

  /// SIGKILL, for cleanup after a failure.
  Kill() {
    if (this.running) this.child.kill('SIGKILL');
  }

  /// Stops this server (if running) and starts a new one on the same data dir and port, so the
  /// default issuer (http://127.0.0.1:<port>) is unchanged. `overrides` replace start options.
  async Restart(overrides = {}) {
    const stopped = await this.Stop();
    const next = await RampartServer.Start({
      ...this.options,
      root: this.root,
      dataDir: this.dataDir,
      databaseUrl: this.databaseUrl,
      port: this.port,
      adminPassword: this.adminPassword,  // rampart:only(iam)
      ...overrides,
    });
    next.previousStop = stopped;
    return next;
  }
}
