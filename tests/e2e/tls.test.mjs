// TLS termination in process on the real binary: certificates made with the openssl CLI at test
// time, the handshake and HSTS, old protocols and weak ciphers refused, and SIGHUP swapping the
// certificate for new handshakes while open connections go on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { Agent, request as HttpsRequest } from 'node:https';
import { join } from 'node:path';
import { connect as TlsConnect } from 'node:tls';
import { after, before, describe, it } from 'node:test';

import { MakeTempDir, RampartServer } from './lib/server.mjs';

// A fresh self-signed P-256 certificate for 127.0.0.1 written to dir/<name>.{crt,key}.
function MakeCertificate(dir, name) {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  const pem = readFileSync(cert, 'utf8');
  return { cert, key, pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

// GET over https with `agent`; resolves {status, headers, body, fingerprint, reused}.
function Get(server, path, { agent, ca, rejectUnauthorized = true }) {
  return new Promise((done, fail) => {
    const request = HttpsRequest(`${server.baseUrl}${path}`, { agent, ca, rejectUnauthorized, timeout: 5000 }, (response) => {
      // Read now: a keep-alive socket goes back to the agent's pool once the body has ended.
      const fingerprint = response.socket.getPeerCertificate().fingerprint256;
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.once('end', () =>
        done({
          status: response.statusCode,
          headers: response.headers,
          body,
          fingerprint,
          reused: request.reusedSocket,
        }),
      );
    });
    request.once('timeout', () => request.destroy(new Error('timeout')));
    request.once('error', fail);
    request.end();
  });
}

// A bare TLS handshake with `options`; resolves {protocol, cipher} or rejects with the error.
function Handshake(server, options) {
  return new Promise((done, fail) => {
    const socket = TlsConnect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false, ...options }, () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.end();
      done(result);
    });
    socket.once('error', fail);
  });
}

describe('TLS termination', () => {
  let dir;
  let first;
  let server;
  before(async () => {
    dir = MakeTempDir('rampart-e2e-tls-');
    first = MakeCertificate(dir, 'first');
    // The server reads tls.crt/tls.key; a reload swaps what those names hold.
    const live = { cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
    renameSync(first.cert, live.cert);
    renameSync(first.key, live.key);
    server = await RampartServer.Start({
      tls: true,
      env: { RAMPART_TLS_ENABLED: 'true', RAMPART_TLS_CERT_FILE: live.cert, RAMPART_TLS_KEY_FILE: live.key },
    });
  });
  after(() => server?.Stop());

  it('serves https with the configured certificate, HSTS and the security headers', async () => {
    const reply = await Get(server, '/health/live', { agent: new Agent(), ca: first.pem });
    assert.equal(reply.status, 200);
    assert.equal(reply.fingerprint, first.fingerprint);
    assert.match(reply.headers['strict-transport-security'] ?? '', /^max-age=\d+/);
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    assert.equal(reply.headers.server, undefined);
  });

  it('speaks TLS 1.3 and TLS 1.2 with forward-secret AEAD suites', async () => {
    assert.equal((await Handshake(server, { minVersion: 'TLSv1.3' })).protocol, 'TLSv1.3');
    const tls12 = await Handshake(server, { maxVersion: 'TLSv1.2' });
    assert.equal(tls12.protocol, 'TLSv1.2');
    assert.match(tls12.cipher, /^ECDHE-ECDSA-(AES\d+-GCM|CHACHA20-POLY1305)/);
  });

  it('refuses TLS 1.1 and weak TLS 1.2 cipher suites', async () => {
    // SECLEVEL=0 lets this client offer TLS 1.1 at all: the refusal must come from the server.
    await assert.rejects(
      Handshake(server, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
      (error) => /alert protocol version|ALERT_PROTOCOL_VERSION/i.test(`${error.code} ${error.message}`) || assert.fail(`${error.code} ${error.message}`),
    );
    await assert.rejects(
      Handshake(server, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:AES128-SHA' }),
      (error) => /handshake failure|HANDSHAKE_FAILURE/i.test(`${error.code} ${error.message}`) || assert.fail(`${error.code} ${error.message}`),
    );
  });

  it('plain HTTP on the TLS port gets no answer', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/health/live`, { signal: AbortSignal.timeout(5000) }));
    assert.ok(server.running);
  });

  it('SIGHUP reloads the certificate for new handshakes without dropping open connections', async () => {
    const kept = new Agent({ keepAlive: true, maxSockets: 1 });
    const before_reload = await Get(server, '/health/live', { agent: kept, ca: first.pem });
    assert.equal(before_reload.fingerprint, first.fingerprint);

    const second = MakeCertificate(dir, 'second');
    renameSync(second.cert, join(dir, 'tls.crt'));
    renameSync(second.key, join(dir, 'tls.key'));
    const reloads = server.allLines.filter((line) => line.includes('TLS certificate reloaded')).length;
    server.child.kill('SIGHUP');
    await server.WaitForLine(
      (line) => line.includes('TLS certificate reloaded') && server.allLines.filter((l) => l.includes('TLS certificate reloaded')).length > reloads,
    );

    const on_open_connection = await Get(server, '/health/live', { agent: kept, ca: first.pem });
    assert.equal(on_open_connection.status, 200);
    assert.equal(on_open_connection.reused, true, 'the keep-alive connection survived the reload');
    assert.equal(on_open_connection.fingerprint, first.fingerprint);

    const fresh = await Get(server, '/health/live', { agent: new Agent(), ca: second.pem });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.fingerprint, second.fingerprint);
    kept.destroy();
    assert.ok(server.running, 'SIGHUP does not stop the server');
  });

  it('a broken certificate on SIGHUP keeps the current one', async () => {
    const current = (await Get(server, '/health/live', { agent: new Agent(), rejectUnauthorized: false })).fingerprint;
    execFileSync('sh', ['-c', `echo broken > '${join(dir, 'tls.key')}'`]);
    server.child.kill('SIGHUP');
    await server.WaitForLine((line) => line.includes('TLS reload failed'));
    const reply = await Get(server, '/health/live', { agent: new Agent(), rejectUnauthorized: false });
    assert.equal(reply.status, 200);
    assert.equal(reply.fingerprint, current);
  });

  it('SIGTERM with an idle TLS keep-alive connection open exits 0 promptly', async () => {
    const idle = new Agent({ keepAlive: true, maxSockets: 1 });
    assert.equal((await Get(server, '/health/live', { agent: idle, rejectUnauthorized: false })).status, 200);
    const exit = await server.Stop();
    idle.destroy();
    assert.equal(exit.code, 0, JSON.stringify(exit));
    assert.ok(exit.ms < 3000, `exit took ${exit.ms} ms`);
  });
});

describe('TLS configuration errors', () => {
  it('refuses to start with a missing certificate and says which file', async () => {
    const dir = MakeTempDir('rampart-e2e-tls-bad-');
    await assert.rejects(
      RampartServer.Start({
        tls: true,
        readyTimeoutMs: 5000,
        env: { RAMPART_TLS_ENABLED: 'true', RAMPART_TLS_CERT_FILE: join(dir, 'missing.crt'), RAMPART_TLS_KEY_FILE: join(dir, 'missing.key') },
      }),
      /missing\.crt/,
    );
  });
});
