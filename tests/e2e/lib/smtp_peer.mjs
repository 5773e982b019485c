// A real SMTP server for the tests: nodemailer's `smtp-server` in this test process, on
// 127.0.0.1 (a free port, or a given one to come back on), with STARTTLS, implicit TLS or clear
// text, optional AUTH, and hooks to refuse recipients or messages; every accepted message is
// parsed by `mailparser`. Stopped with Stop() (it closes the listener and its connections).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as CreateTcpServer } from 'node:net';
import { join } from 'node:path';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { FreePort } from './server.mjs';

/// A self-signed P-256 certificate (its own CA) for `names` (SAN entries such as
/// "IP:127.0.0.1,DNS:localhost") written to dir/<name>.{crt,key}: {certFile, keyFile, cert, key}.
export function MakeCertificate(dir, name, names = 'IP:127.0.0.1,DNS:localhost') {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=${names}`, '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

export class SmtpPeer {
  /// options.port         listen there (default: a free port)
  /// options.tls          'starttls' (default; needs certificate), 'implicit' (smtps) or 'none'
  /// options.certificate  from MakeCertificate
  /// options.auth         {user, password}: AUTH required (never before TLS); null: no AUTH
  /// options.authMethods  default ['PLAIN', 'LOGIN']
  /// options.allowInsecureAuth  take AUTH without TLS (default false, as smtp-server)
  /// options.refuseRecipient(address, attempt) → null or {code, message}
  /// options.refuseData(recipients, attempt) → null or {code, message}
  static async Start(options = {}) {
    const peer = new SmtpPeer(options);
    await peer.Listen(options.port ?? (await FreePort()));
    return peer;
  }

  constructor(options) {
    this.options = { tls: 'starttls', auth: null, authMethods: ['PLAIN', 'LOGIN'], ...options };
    this.messages = [];      // accepted: {envelope, secure, user, raw, parsed}
    this.mailFroms = 0;      // MAIL FROM commands seen
    this.recipientAttempts = new Map();  // address → RCPT TO commands seen
    this.dataAttempts = 0;
    this.authFailures = 0;
    this.connections = 0;
    const { tls, auth, certificate } = this.options;
    const disabled = [];
    if (tls === 'none') disabled.push('STARTTLS');
    if (!auth) disabled.push('AUTH');
    this.server = new SMTPServer({
      secure: tls === 'implicit',
      ...(tls !== 'none' ? { key: certificate.key, cert: certificate.cert } : {}),
      disabledCommands: disabled,
      authMethods: this.options.authMethods,
      authOptional: !auth,
      allowInsecureAuth: this.options.allowInsecureAuth ?? false,
      logger: false,
      closeTimeout: 1000,
      onConnect: (session, done) => {
        ++this.connections;
        done();
      },
      onAuth: (credentials, session, done) => {
        const expected = this.options.auth;
        if (credentials.username === expected.user && credentials.password === expected.password) {
          return done(null, { user: credentials.username });
        }
        ++this.authFailures;
        return done(new Error('Invalid username or password'));
      },
      onMailFrom: (address, session, done) => {
        ++this.mailFroms;
        done();
      },
      onRcptTo: (address, session, done) => {
        const attempt = (this.recipientAttempts.get(address.address) ?? 0) + 1;
        this.recipientAttempts.set(address.address, attempt);
        const refusal = this.options.refuseRecipient?.(address.address, attempt);
        done(refusal ? Refusal(refusal) : undefined);
      },
      onData: (stream, session, done) => {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', async () => {
          ++this.dataAttempts;
          const recipients = session.envelope.rcptTo.map((to) => to.address);
          const refusal = this.options.refuseData?.(recipients, this.dataAttempts);
          if (refusal) return done(Refusal(refusal));
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          this.messages.push({
            envelope: { mailFrom: session.envelope.mailFrom.address, rcptTo: recipients },
            secure: session.secure,
            user: session.user ?? null,
            raw: raw.toString('utf8'),
            parsed,
          });
          return done(null, 'queued');
        });
      },
    });
    this.server.on('error', () => {});  // a client that drops mid-session is not a test failure
  }

  Listen(port) {
    this.port = port;
    return new Promise((done, fail) => {
      this.server.server.once('error', fail);
      this.server.listen(port, '127.0.0.1', () => done());
    });
  }

  /// Closes the listener and every connection; resolves once closed.
  Stop() {
    return new Promise((done) => this.server.close(() => done()));
  }

  MessagesTo(address) {
    return this.messages.filter((message) => message.envelope.rcptTo.includes(address));
  }

  /// The `count` messages to `address` (waits for them).
  async WaitForMessages(address, count = 1, timeout_ms = 15_000) {
    const deadline = performance.now() + timeout_ms;
    for (;;) {
      const found = this.MessagesTo(address);
      if (found.length >= count) return found;
      if (performance.now() > deadline) {
        throw new Error(`${found.length} of ${count} messages to ${address} within ${timeout_ms} ms`);
      }
      await new Promise((wake) => setTimeout(wake, 25));
    }
  }
}

function Refusal({ code, message }) {
  const error = new Error(message);
  error.responseCode = code;
  return error;
}

/// A TCP server that accepts connections and never says a word (an SMTP relay that hangs):
/// {port, connections(), Stop()}.
export async function SilentServer() {
  const sockets = new Set();
  const server = CreateTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  let accepted = 0;
  server.on('connection', () => ++accepted);
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: server.address().port,
    connections: () => accepted,
    Stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
