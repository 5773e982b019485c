// A private redis-server for e2e tests: 127.0.0.1, a free port, a temp dir, no persistence.
// Stopped by its PID (never by name); tests may kill it mid-run and start it again on the
// same port. Every server still running when the test process exits is SIGKILLed.
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';

import { FreePort, MakeTempDir } from './server.mjs';

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function Pings(port) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    // Refused, reset, closed early or silent: not ready (yet). A settled promise ignores repeats.
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        done(reply.startsWith('+PONG'));
      }
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

export class RedisServer {
  static async Start() {
    const server = new RedisServer(await FreePort());
    await server.Launch();
    return server;
  }

  constructor(port) {
    this.port = port;
    this.dir = MakeTempDir('rampart-e2e-redis-');
    this.url = `redis://127.0.0.1:${port}/0`;
    this.child = null;
  }

  async Launch() {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '',
      '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'warning'], { stdio: 'ignore' });
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await Pings(this.port)) return;
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /// Whether the process is alive (a killed child has a signalCode and no exitCode).
  Running() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /// SIGKILL: the server vanishes with connections open.
  async Kill() {
    if (!this.Running()) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGKILL');
    await exited;
  }

  async Restart() {
    await this.Kill();
    await this.Launch();
  }

  async Stop() {
    if (!this.Running()) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }

  /// Runs one redis-cli command against this server; its stdout lines.
  Cli(...args) {
    const result = spawnSync('redis-cli', ['-p', String(this.port), '--raw', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.split('\n').filter((line) => line.length > 0);
  }
}
