// The Dockerfile's runtime stage, proven without Docker: a debootstrapped bookworm minimal root
// (what debian:bookworm-slim is made of), the stage's RUN replayed in it (so exactly the packages
// the Dockerfile names are installed: the list is read from the Dockerfile, not repeated here),
// its COPY of the binary and config, then the binary run as the Dockerfile's user with its ENV,
// WORKDIR and ENTRYPOINT + CMD, as PID 1 of its own PID and network namespaces, with a read-only
// root, a tmpfs /tmp and the data volume: ldd finds every library and every package is needed,
// /health/ready answers 200, the HEALTHCHECK command succeeds, SIGTERM exits 0 within the drain.
// rampart:begin(sqlite)
// rampart:else
// // Its database is a throwaway cluster (tests/services/postgres.sh) reached through the Unix
// // socket in the cluster's directory, mounted into the root: the namespace has no network.
// rampart:end
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { runtimeStage } from './lib/dockerfile.mjs';
import { baseRoot, execIn, freshRoot, hostHas, runIn } from './lib/rootfs.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BINARY = process.env.RAMPART_BIN ?? path.join(REPO, 'build/rampart');
const stage = runtimeStage(path.join(REPO, 'Dockerfile'));
const release = /^debian:(\w+)-slim$/.exec(stage.from)?.[1];

const missing = [
  process.getuid?.() !== 0 && 'root (chroot, namespaces, mounts)',
  !hostHas('debootstrap') && 'debootstrap (bash scripts/setup.sh --deploy)',
  !hostHas('unshare') && 'unshare',
  !hostHas('nsenter') && 'nsenter',
  !hostHas('curl') && 'curl',
  !existsSync(BINARY) && `the binary ${BINARY} (make build)`,
  // rampart:begin(sqlite)
  // rampart:else
  // !hostHas('psql') && 'PostgreSQL (bash scripts/setup.sh --deploy)',
  // rampart:end
].filter(Boolean);

const log = (line) => console.log(`# runtime stage: ${line}`);

// The numeric user and group of USER (a name would need the image's passwd; the issue asks for
// a numeric user, so a name fails here).
function numericUser(user) {
  const m = /^(\d+)(?::(\d+))?$/.exec(user ?? '');
  assert.ok(m, `USER must be numeric uid[:gid], got ${JSON.stringify(user)}`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

function seconds(text) {
  const m = /^(\d+)(ms|s|m)?$/.exec(text);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

describe(`Dockerfile runtime stage (${stage.from}) without Docker`, { skip: missing.length ? `needs ${missing.join(', ')}` : false }, () => {
  let root;
  let work;
  let user;
  let env;
  let home;
  // rampart:begin(sqlite)
  // rampart:else
  // let postgres;  // the state directory of tests/services/postgres.sh
  // rampart:end

  before(() => {
    assert.ok(release, `the runtime stage must be FROM debian:<release>-slim, got ${stage.from}`);
    user = numericUser(stage.user);
    work = mkdtempSync(path.join(tmpdir(), 'rampart-runtime-stage-'));
    let started = Date.now();
    const base = baseRoot(release, log);
    log(`base root ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    root = freshRoot(base, path.join(work, 'root'));
    for (const command of stage.runs) runIn(root, command);
    log(`RUN replayed in ${((Date.now() - started) / 1000).toFixed(1)} s: installed ${stage.packages.join(' ')}`);
    for (const copy of stage.copies) {
      for (const source of copy.sources) {
        // COPY --from=build /src/<path>: the build stage compiles the repository at /src, so its
        // artefact is this checkout's build output. COPY <path>: the build context.
        const from = copy.from === null ? path.join(REPO, source)
          : source === '/src/build/rampart' ? BINARY : assert.fail(`no mapping for COPY --from=${copy.from} ${source}`);
        // A destination ending in / is a directory: a file goes into it, a directory's content too.
        const into = copy.destination.endsWith('/') && !source.endsWith('/');
        const to = path.join(root, into ? path.join(copy.destination, path.basename(source)) : copy.destination);
        cpSync(from, to, { recursive: true, dereference: true });
      }
    }
    const passwd = readFileSync(path.join(root, 'etc/passwd'), 'utf8').split('\n').map((l) => l.split(':'));
    home = passwd.find((f) => Number(f[2]) === user.uid)?.[5] ?? '/';
    // rampart:begin(sqlite)
    // rampart:else
    // postgres = path.join(work, 'postgres');
    // const started_pg = spawnSync('bash', [path.join(REPO, 'tests/services/postgres.sh'), 'start', postgres], { encoding: 'utf8' });
    // assert.equal(started_pg.status, 0, `tests/services/postgres.sh start: ${started_pg.stdout}${started_pg.stderr}`);
    // const created = spawnSync('psql', [readFileSync(path.join(postgres, 'url'), 'utf8').trim(), '-qc', 'CREATE DATABASE service'], { encoding: 'utf8' });
    // assert.equal(created.status, 0, created.stderr);
    // rampart:end
    env = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: 'rampart-runtime-stage',
      HOME: home,
      // rampart:begin(iam)
      // rampart:else
      // // The platform names the issuer whose access tokens rampart accepts. None is reachable in
      // // this network namespace: rampart starts without its keys (refusing tokens until it has
      // // them), and every command reads the setting.
      // RAMPART_JWT_ISSUER: 'http://127.0.0.1:9',
      // rampart:end
      // rampart:begin(sqlite)
      // rampart:else
      // // The platform names the database (it has no default): the cluster's socket, mounted below.
      // RAMPART_DATABASE_URL: `postgresql://postgres@/service?host=/tmp/postgres&port=${readFileSync(path.join(postgres, 'port'), 'utf8').trim()}`,
      // rampart:end
      ...stage.env,
    };
  });

  after(() => {
    // rampart:begin(sqlite)
    // rampart:else
    // if (postgres) spawnSync('bash', [path.join(REPO, 'tests/services/postgres.sh'), 'stop', postgres]);
    // rampart:end
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ldd finds every library the binary needs in the stage', () => {
    const ldd = execIn(root, ['/usr/bin/ldd', stage.entrypoint[0]]);
    const notFound = ldd.split('\n').filter((line) => line.includes('not found')).map((line) => line.trim());
    assert.deepEqual(notFound, [], 'add the package of each to the runtime stage\'s apt-get install');
  });

  it('installs no package that the binary does not need (each provides a linked library, or the CA certificates)', () => {
    const libraries = [...execIn(root, ['/usr/bin/ldd', stage.entrypoint[0]]).matchAll(/=> (\/\S+)/g)].map((m) => m[1]);
    const owners = new Set();
    for (const library of libraries) {
      const real = execIn(root, ['/usr/bin/readlink', '-f', library]).trim();
      const found = spawnSync('chroot', [root, '/usr/bin/dpkg', '-S', real], { encoding: 'utf8' });
      for (const line of found.stdout.split('\n')) if (line.includes(':')) owners.add(line.split(':')[0]);
    }
    const unneeded = stage.packages.filter((p) => p !== 'ca-certificates' && !owners.has(p));
    assert.deepEqual(unneeded, [], `listed in the Dockerfile but no library of the binary comes from them (owners: ${[...owners].join(' ')})`);
    assert.ok(stage.packages.includes('ca-certificates'), 'CA certificates for outgoing TLS');
  });

  it('runs as the numeric user with a read-only root: /health/ready 200, HEALTHCHECK ok, SIGTERM exits 0 within the drain', async () => {
    const data = path.join(work, 'volume');
    cpSync(path.join(root, stage.volumes[0]), data, { recursive: true });
    chownSync(data, user.uid, user.gid);
    const mounts = [
      'mount --bind "$ROOT" "$ROOT"',
      'mount -t proc proc "$ROOT/proc"',
      'mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$ROOT/tmp"',
      // rampart:begin(sqlite)
      // rampart:else
      // 'mkdir "$ROOT/tmp/postgres" && mount --bind "$PG" "$ROOT/tmp/postgres"',
      // rampart:end
      `mount --bind "$DATA" "$ROOT${stage.volumes[0]}"`,
      'mount -o remount,bind,ro "$ROOT"',
      'ip link set lo up',
    ].join(' && ');
    const chrootArgv = (argv) => ['chroot', `--userspec=${user.uid}:${user.gid}`, root, '/usr/bin/env', '-i', '-C', stage.workdir,
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv];
    const argv = [...stage.entrypoint, ...stage.cmd];
    // unshare forks /bin/sh as PID 1 of the new namespaces; sh, chroot and env each exec the
    // next, so the binary itself is PID 1, as in the container.
    // rampart:begin(sqlite)
    const child = spawn('unshare', ['--mount', '--pid', '--net', '--fork', '--kill-child', '--', '/bin/sh', '-c',
      `${mounts} && exec "$@"`, 'sh', ...chrootArgv(argv)], { env: { ...process.env, ROOT: root, DATA: data }, stdio: ['ignore', 'pipe', 'pipe'] });
    // rampart:else
    // const PG = readFileSync(path.join(postgres, 'cluster'), 'utf8').trim();
    // const child = spawn('unshare', ['--mount', '--pid', '--net', '--fork', '--kill-child', '--', '/bin/sh', '-c',
    //   `${mounts} && exec "$@"`, 'sh', ...chrootArgv(argv)], { env: { ...process.env, ROOT: root, DATA: data, PG }, stdio: ['ignore', 'pipe', 'pipe'] });
    // rampart:end
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })));
    try {
      const pid = await namespacePid(child.pid);
      const inside = (args, options = {}) => spawnSync('nsenter', ['-t', String(pid), ...args], { encoding: 'utf8', timeout: 20_000, ...options });

      const port = /:(\d+)$/.exec(env.RAMPART_LISTEN ?? '0.0.0.0:8080')[1];
      let status = '';
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        status = inside(['-n', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${port}/health/ready`]).stdout;
        if (status === '200') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(status, '200', `/health/ready did not answer 200:\n${output}`);

      const statusFile = readFileSync(`/proc/${pid}/status`, 'utf8');
      assert.match(statusFile, new RegExp(`^Uid:\\s+${user.uid}\\s`, 'm'), 'runs as the USER of the Dockerfile');
      assert.equal(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0], argv[0], 'the binary is PID 1 of its namespace');

      const readOnly = inside(['-m', 'touch', path.join(root, 'usr/probe')]);
      assert.notEqual(readOnly.status, 0, 'the root file system is read-only');
      assert.match(readOnly.stderr, /Read-only file system/);

      const health = inside(['-n', '-m', ...chrootArgv(stage.healthcheck.command)]);
      assert.equal(health.status, 0, `HEALTHCHECK ${stage.healthcheck.command.join(' ')} failed: ${health.stdout}${health.stderr}`);

      const check = inside(['-n', '-m', ...chrootArgv([stage.entrypoint[0], 'config', 'check'])]);
      const drain = seconds(/server\.shutdown_timeout\s+=\s+(\S+)/.exec(check.stdout)?.[1] ?? '10s');

      const signalled = Date.now();
      process.kill(pid, stage.stopsignal);
      const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), (drain + 5) * 1000))]);
      assert.ok(result, `still running ${drain + 5} s after ${stage.stopsignal}`);
      assert.equal(result.code, 0, `exit after ${stage.stopsignal}: ${JSON.stringify(result)}\n${output}`);
      log(`${stage.stopsignal} → exit 0 in ${((result.at - signalled) / 1000).toFixed(2)} s (drain budget ${drain} s)`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

// The host PID of the namespace's PID 1: the child unshare forked.
async function namespacePid(unsharePid) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    for (const task of readdirSync(`/proc/${unsharePid}/task`)) {
      const children = readFileSync(`/proc/${unsharePid}/task/${task}/children`, 'utf8').trim();
      if (children) return Number(children.split(/\s+/)[0]);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('unshare started no child');
}
