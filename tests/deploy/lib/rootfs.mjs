// A Debian root file system built without Docker: `debootstrap --variant=minbase` (what
// debian:<release>-slim is made of) from the machine's own apt mirror, cached between runs, then
// copied and a Dockerfile stage's RUN and COPY instructions replayed in it with chroot.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CACHE = process.env.DEPLOY_CHECK_CACHE ?? '/var/tmp/rampart-deploy-check';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

// The mirrors this machine's apt uses (so the test reaches what scripts/setup.sh reaches):
// the first Debian archive and security URIs of /etc/apt/sources.list{,.d/*}.
export function aptMirrors() {
  const texts = [];
  for (const file of ['/etc/apt/sources.list', '/etc/apt/sources.list.d/debian.sources']) {
    if (existsSync(file)) texts.push(readFileSync(file, 'utf8'));
  }
  const text = texts.join('\n');
  const uris = [...text.matchAll(/^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+)/gm)].map((m) => m[1].replace(/\/$/, ''));
  const archive = uris.find((u) => /\/debian$/.test(u)) ?? 'http://deb.debian.org/debian';
  const security = uris.find((u) => /\/debian-security$/.test(u)) ?? archive.replace(/\/debian$/, '/debian-security');
  return { archive, security };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${(result.stdout ?? '').slice(-2000)}\n${(result.stderr ?? '').slice(-4000)}`);
  }
  return result.stdout;
}

// The cached minbase root of `release` (built when missing or older than a week).
export function baseRoot(release, log = () => {}) {
  const dir = path.join(CACHE, `${release}-minbase`);
  const done = path.join(CACHE, `${release}-minbase.done`);
  if (existsSync(done) && Date.now() - statSync(done).mtimeMs < MAX_AGE_MS) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const { archive, security } = aptMirrors();
  log(`debootstrap --variant=minbase ${release} from ${archive}`);
  run('debootstrap', ['--variant=minbase', release, dir, archive]);
  // The sources of the official slim image: the release, its updates and its security archive.
  rmSync(path.join(dir, 'etc/apt/sources.list'), { force: true });
  writeFileSync(path.join(dir, 'etc/apt/sources.list.d/debian.sources'), [
    `Types: deb\nURIs: ${archive}\nSuites: ${release} ${release}-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
    `Types: deb\nURIs: ${security}\nSuites: ${release}-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
  ].join('\n'));
  writeFileSync(done, new Date().toISOString());
  return dir;
}

// A fresh copy of the base root for one test run.
export function freshRoot(base, into) {
  rmSync(into, { recursive: true, force: true });
  run('cp', ['-a', base, into]);
  return into;
}

// Runs `command` with /bin/sh -c inside `root`, as RUN does (as root, /proc mounted, the host's
// resolver, a private mount namespace so that nothing stays mounted).
export function runIn(root, command, env = {}) {
  cpSync('/etc/resolv.conf', path.join(root, 'etc/resolv.conf'), { dereference: true });
  const script = 'mount -t proc proc "$ROOT/proc" && exec chroot "$ROOT" /usr/bin/env -i "$@"';
  const envArgs = Object.entries({
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    DEBIAN_FRONTEND: 'noninteractive',
    ...env,
  }).map(([k, v]) => `${k}=${v}`);
  return run('unshare', ['--mount', '--fork', '--', '/bin/sh', '-c', script, 'sh', ...envArgs, '/bin/sh', '-c', command],
    { env: { ...process.env, ROOT: root } });
}

// Runs a program inside `root` without a shell (ldd, dpkg queries); its stdout.
export function execIn(root, argv) {
  return run('chroot', [root, ...argv]);
}

export function hostHas(program) {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
