// `rampart health`, the container health check (the runtime image has no curl): it asks the
// configured listener's /health/ready (or /health/live) and exits 0 only on a 200; a wildcard
// listen address is asked on loopback, TLS is spoken when the server terminates it, and a peer
// that refuses, answers something else or never answers is a 1 within the timeout.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as CreateHttpServer } from 'node:http';
import { createServer as CreateTcpServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { FreePort, MakeTempDir, RampartServer, RunCli } from './lib/server.mjs';

function Health(listen, extra = [], env = {}) {
  return RunCli(['health', '--listen', listen, ...extra], { env });
}

// A loopback listener for the failure cases; resolves with its port and a close function.
function Listen(server) {
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => done({ port: server.address().port, close: () => server.close() }));
  });
}

describe('rampart health against a running server', () => {
  let server;
  before(async () => {
    server = await RampartServer.Start();
  });
  after(() => server?.Stop());

  it('exits 0 when /health/ready answers 200, and says what it asked', async () => {
    const result = await Health(`127.0.0.1:${server.port}`);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout.trim(), `health: http://127.0.0.1:${server.port}/health/ready: 200`);
  });

  it('asks /health/live with --live', async () => {
    const result = await Health(`127.0.0.1:${server.port}`, ['--live']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\/health\/live: 200$/m);
  });

  it('asks a wildcard listen address (the container default 0.0.0.0) on loopback', async () => {
    const result = await Health(`0.0.0.0:${server.port}`);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`http://127\\.0\\.0\\.1:${server.port}/health/ready: 200`));
  });
});

describe('rampart health when the service is not ready', () => {
  it('exits 1 when nothing listens on the port', async () => {
    const port = await FreePort();
    const result = await Health(`127.0.0.1:${port}`);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Connection refused/);
  });

  it('exits 1 on any answer but 200 (a draining or degraded instance answers 503)', async () => {
    const peer = await Listen(CreateHttpServer((request, response) => {
      response.writeHead(request.url === '/health/ready' ? 503 : 404, { 'content-type': 'application/json' });
      response.end('{"status":"down"}');
    }));
    try {
      const result = await Health(`127.0.0.1:${peer.port}`);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /\/health\/ready: 503$/m);
    } finally {
      peer.close();
    }
  });

  it('exits 1 within --timeout when the listener accepts but never answers', async () => {
    const held = [];
    const peer = await Listen(CreateTcpServer((socket) => held.push(socket)));
    try {
      const started = Date.now();
      const result = await Health(`127.0.0.1:${peer.port}`, ['--timeout', '0.5']);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /no answer within the timeout/);
      assert.ok(Date.now() - started < 5000, 'the timeout bounds the whole exchange');
    } finally {
      held.forEach((socket) => socket.destroy());
      peer.close();
    }
  });

  it('exits 2 when server.listen has no fixed port', async () => {
    const result = await Health('127.0.0.1:0');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /port 0/);
  });
});

describe('rampart health against a server that terminates TLS', () => {
  let server;
  let env;
  before(async () => {
    const dir = MakeTempDir();
    const cert = join(dir, 'server.crt');
    const key = join(dir, 'server.key');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=rampart.example', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    env = { RAMPART_TLS_ENABLED: 'true', RAMPART_TLS_CERT_FILE: cert, RAMPART_TLS_KEY_FILE: key };
    server = await RampartServer.Start({ tls: true, env });
  });
  after(() => server?.Stop());

  it('speaks https to it (a certificate for the public name, asked on loopback)', async () => {
    const result = await Health(`127.0.0.1:${server.port}`, [], env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`https://127\\.0\\.0\\.1:${server.port}/health/ready: 200`));
  });
});
