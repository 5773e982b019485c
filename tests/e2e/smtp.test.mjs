// Mail over SMTP (docs/messaging.md, "Mail over SMTP"): the real binary against a real SMTP
// server from npm (nodemailer's smtp-server, lib/smtp_peer.mjs) on a free loopback port, each
// accepted message parsed by mailparser. STARTTLS and smtps:// with a certificate made by
// openssl for the test, AUTH PLAIN and LOGIN, both parts and the link that works; required
// STARTTLS refused by a relay without it; certificate and host name checks; a wrong password,
// a relay that is down, a temporary refusal: the mail waits on the queue and arrives once, none
// lost, none twice; a permanent refusal ends in the dead letters; SIGTERM delivers the last
// mails and is not held by a relay that hangs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, Login, RegisterUser, UniqueEmail } from './lib/client.mjs';
import { OpenPage, SubmitForm } from './lib/pages.mjs';
import { RecordSecret } from './lib/secrets.mjs';
import { FreePort, MakeTempDir, RampartServer, RandomPassword } from './lib/server.mjs';
import { MakeCertificate, SilentServer, SmtpPeer } from './lib/smtp_peer.mjs';

const kRelayUser = 'rampart-relay';

let certificate;      // for 127.0.0.1 and localhost, also the CA rampart trusts
let wrong_name;       // trusted, but for another host name only
const peers = [];
const servers = [];

before(() => {
  const dir = MakeTempDir('rampart-e2e-smtp-');
  certificate = MakeCertificate(dir, 'relay');
  wrong_name = MakeCertificate(dir, 'elsewhere', 'DNS:mail.elsewhere.test');
});

after(async () => {
  for (const server of servers) await server.Stop();
  for (const peer of peers) await peer.Stop();
});

async function StartPeer(options) {
  const peer = await SmtpPeer.Start({ certificate, ...options });
  peers.push(peer);
  return peer;
}

// A relay account: its password is recorded as a secret (the leak check searches every line
// rampart printed for it).
function RelayAccount() {
  const password = RandomPassword('Relay-pass-');
  RecordSecret('SMTP relay password', password);
  return { user: kRelayUser, password };
}

function SmtpUrl(peer_or_port, { scheme = 'smtp', auth = null } = {}) {
  const port = typeof peer_or_port === 'number' ? peer_or_port : peer_or_port.port;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : '';
  return `${scheme}://${credentials}127.0.0.1:${port}`;
}

async function StartRampart(env, options = {}) {
  const server = await RampartServer.Start({
    ...options,
    env: { RAMPART_OUTBOX_DISPATCH_INTERVAL: '50ms', RAMPART_SMTP_CA_FILE: certificate.certFile, ...env },
  });
  servers.push(server);
  return server;
}

// The pickup directory stays empty when mail goes over SMTP.
function PickupFiles(server) {
  const dir = join(server.dataDir, 'mail');
  return existsSync(dir) ? readdirSync(dir) : [];
}

// The log lines of `server` whose message includes `text`, parsed.
function LogLines(server, text) {
  return server.allLines
    .filter((line) => line.startsWith('{') && line.includes(text))
    .map((line) => JSON.parse(line));
}

async function Sleep(ms) {
  await new Promise((wake) => setTimeout(wake, ms));
}

describe('mail over SMTP', () => {
  it('STARTTLS + AUTH: the registration mail has both parts, and its link verifies the address', async () => {
    const auth = RelayAccount();
    const peer = await StartPeer({ tls: 'starttls', auth });
    const server = await StartRampart({
      RAMPART_SMTP_URL: SmtpUrl(peer, { auth }),
      RAMPART_SMTP_STARTTLS: 'required',
      RAMPART_MAIL_FROM: 'Rampart Identitätsdienst <no-reply@example.test>',
    });
    const api = new Api(server.baseUrl);
    const account = await RegisterUser(api, { displayName: '<b>Ada</b> & "Co"' });
    const [message] = await peer.WaitForMessages(account.email);

    // The session: upgraded, authenticated; the envelope.
    assert.equal(message.secure, true);
    assert.equal(message.user, kRelayUser);
    assert.deepEqual(message.envelope, { mailFrom: 'no-reply@example.test', rcptTo: [account.email] });
    // The headers: a non-ASCII display name as encoded words, a Message-ID, a Date.
    const { parsed } = message;
    assert.deepEqual(parsed.from.value, [{ name: 'Rampart Identitätsdienst', address: 'no-reply@example.test' }]);
    assert.match(message.raw, /^From: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <no-reply@example\.test>\r$/m);
    assert.equal(parsed.to.value[0].address, account.email);
    assert.equal(parsed.subject, 'Verify your e-mail address');
    assert.match(parsed.messageId, /^<[0-9a-f-]{36}@rampart>$/);
    assert.ok(Math.abs(parsed.date.getTime() - Date.now()) < 5 * 60_000, String(parsed.date));
    // Both parts, the display name escaped in the HTML one.
    assert.match(parsed.headers.get('content-type').value, /^multipart\/alternative$/);
    assert.ok(parsed.text.startsWith('Hello <b>Ada</b> & "Co",'), parsed.text);
    assert.ok(parsed.html.includes('Hello &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Co&quot;,'), parsed.html);
    assert.ok(!parsed.html.includes('<b>Ada'), parsed.html);
    const link = parsed.text.split('\n').find((line) => line.startsWith(`${server.baseUrl}/verify-email?token=`));
    assert.ok(link, parsed.text);
    RecordSecret('one-time token (mail)', new URL(link).searchParams.get('token'));
    assert.ok(parsed.html.includes(`<a href="${link}">`), parsed.html);
    assert.deepEqual(PickupFiles(server), []);

    // The link works: its page, its form, and the address is verified.
    const page = await OpenPage(link);
    assert.equal(page.status, 200, page.html);
    const verified = await SubmitForm(link, page.html, {});
    assert.equal(verified.status, 200, verified.html);
    const tokens = await Login(api, account.email, account.password);
    assert.equal(ExpectJson(await api.Get('/api/v1/users/me', { token: tokens.accessToken }), 200).emailVerified, true);

    assert.equal(LogLines(server, 'mails go out over SMTP')[0]?.tls, 'starttls required');
  });

  it('smtps:// (TLS from the first byte) with AUTH LOGIN', async () => {
    const auth = RelayAccount();
    const peer = await StartPeer({ tls: 'implicit', auth, authMethods: ['LOGIN'] });
    const server = await StartRampart({ RAMPART_SMTP_URL: SmtpUrl(peer, { scheme: 'smtps', auth }) });
    const account = await RegisterUser(new Api(server.baseUrl));
    const [message] = await peer.WaitForMessages(account.email);
    assert.equal(message.secure, true);
    assert.equal(message.user, kRelayUser);
    assert.ok(message.parsed.text.includes('/verify-email?token='));
  });

  it('required STARTTLS and a relay without it: nothing is sent until a relay offers it', async () => {
    const port = await FreePort();
    const clear = await StartPeer({ port, tls: 'none' });
    // A mail received while the session failed is received again after the visibility timeout.
    const server = await StartRampart({
      RAMPART_SMTP_URL: SmtpUrl(port),
      RAMPART_SMTP_STARTTLS: 'required',
      RAMPART_QUEUE_VISIBILITY_TIMEOUT: '2s',
    });
    const account = await RegisterUser(new Api(server.baseUrl));
    await server.WaitForLine((line) => line.includes('does not offer STARTTLS'), 10_000);
    assert.equal(clear.mailFroms, 0, 'no MAIL FROM in clear text');
    assert.equal(clear.messages.length, 0);
    await clear.Stop();

    const upgraded = await StartPeer({ port, tls: 'starttls' });
    const [message] = await upgraded.WaitForMessages(account.email, 1, 20_000);
    assert.equal(message.secure, true);
    await Sleep(500);
    assert.equal(upgraded.MessagesTo(account.email).length, 1);
  });

  it('credentials are never sent over a connection without TLS, unless allowed', async () => {
    const auth = RelayAccount();
    // A relay without STARTTLS that would take AUTH in clear text.
    const clear = await StartPeer({ tls: 'none', auth, allowInsecureAuth: true });
    const refusing = await StartRampart({ RAMPART_SMTP_URL: SmtpUrl(clear, { auth }) });
    const first = await RegisterUser(new Api(refusing.baseUrl));
    await refusing.WaitForLine((text) => text.includes('AUTH over an unencrypted connection refused'), 10_000);
    assert.equal(clear.authFailures, 0, 'no AUTH command at all');
    assert.equal(clear.mailFroms, 0);
    assert.equal(clear.MessagesTo(first.email).length, 0);
    // smtp.allow_plaintext_auth: for a relay on a trusted network.
    const allowing = await StartRampart({
      RAMPART_SMTP_URL: SmtpUrl(clear, { auth }),
      RAMPART_SMTP_ALLOW_PLAINTEXT_AUTH: 'true',
    });
    const second = await RegisterUser(new Api(allowing.baseUrl));
    const [message] = await clear.WaitForMessages(second.email);
    assert.equal(message.secure, false);
    assert.equal(message.user, kRelayUser);
  });

  it('the certificate is verified: an untrusted one, or one for another host name, sends nothing', async () => {
    const peer = await StartPeer({ tls: 'starttls' });
    // The system's CA store does not know the test certificate.
    const untrusted = await StartRampart({ RAMPART_SMTP_URL: SmtpUrl(peer), RAMPART_SMTP_CA_FILE: '' });
    const first = await RegisterUser(new Api(untrusted.baseUrl));
    const failure = await untrusted.WaitForLine((line) => line.includes('TLS handshake with 127.0.0.1'), 10_000);
    assert.match(failure, /certificate verify failed/);
    // Trusted, but issued for mail.elsewhere.test, not 127.0.0.1.
    const elsewhere = await StartPeer({ tls: 'starttls', certificate: wrong_name });
    const mismatch = await StartRampart({ RAMPART_SMTP_URL: SmtpUrl(elsewhere), RAMPART_SMTP_CA_FILE: wrong_name.certFile });
    const second = await RegisterUser(new Api(mismatch.baseUrl));
    await mismatch.WaitForLine((line) => line.includes('TLS handshake with 127.0.0.1'), 10_000);
    // Never downgraded to clear text after a failed handshake.
    assert.equal(peer.mailFroms + elsewhere.mailFroms, 0);
    assert.equal(peer.MessagesTo(first.email).length + elsewhere.MessagesTo(second.email).length, 0);
  });

  it('a wrong password: the mail waits, the log says why without the password, then it goes once', async () => {
    const auth = RelayAccount();
    const peer = await StartPeer({ tls: 'starttls', auth });
    const wrong = { user: kRelayUser, password: RandomPassword('Wrong-pass-') };
    RecordSecret('wrong SMTP relay password', wrong.password);
    const server = await StartRampart({
      RAMPART_SMTP_URL: SmtpUrl(peer, { auth: wrong }),
      RAMPART_QUEUE_VISIBILITY_TIMEOUT: '2s',
    });
    const account = await RegisterUser(new Api(server.baseUrl));
    await server.WaitForLine((line) => line.includes('SMTP session failed') && line.includes('535'), 10_000);
    assert.equal(peer.messages.length, 0);
    assert.ok(peer.authFailures >= 1);
    // The relay's password is changed to the one rampart has (as after a secret rotation).
    peer.options.auth = wrong;
    const [message] = await peer.WaitForMessages(account.email, 1, 20_000);
    assert.equal(message.user, kRelayUser);
    await Sleep(500);
    assert.equal(peer.MessagesTo(account.email).length, 1);
  });

  it('the relay is down: every mail waits on the queue and arrives once it is up, none lost, none twice', async () => {
    const port = await FreePort();
    const server = await StartRampart({ RAMPART_SMTP_URL: SmtpUrl(port), RAMPART_QUEUE_VISIBILITY_TIMEOUT: '2s' });
    const api = new Api(server.baseUrl);
    const accounts = [];
    for (let i = 0; i < 5; ++i) accounts.push(await RegisterUser(api));
    await server.WaitForLine((line) => line.includes('SMTP session failed'), 10_000);
    await Sleep(1500);  // a few attempts while it is down
    const peer = await StartPeer({ port, tls: 'starttls' });
    for (const account of accounts) await peer.WaitForMessages(account.email, 1, 20_000);
    await Sleep(1000);
    assert.equal(peer.messages.length, accounts.length);
    const ids = new Set(peer.messages.map((message) => message.parsed.messageId));
    assert.equal(ids.size, accounts.length);
    assert.ok(LogLines(server, 'SMTP server reachable again').length >= 1);
  });

  it('a temporary refusal is retried through the queue; a permanent one ends in the dead letters', async () => {
    const flaky = UniqueEmail('flaky');
    const unknown = UniqueEmail('unknown');
    const peer = await StartPeer({
      tls: 'starttls',
      refuseRecipient: (address) => (address === unknown ? { code: 550, message: '5.1.1 No such user' } : null),
      refuseData: (recipients, attempt) =>
        recipients.includes(flaky) && attempt === 1 ? { code: 451, message: '4.3.0 Try again later' } : null,
    });
    const server = await StartRampart({
      RAMPART_SMTP_URL: SmtpUrl(peer),
      RAMPART_QUEUE_VISIBILITY_TIMEOUT: '1s',
      RAMPART_QUEUE_MAX_RECEIVES: '2',
    });
    const api = new Api(server.baseUrl);
    await RegisterUser(api, { email: flaky });
    const [message] = await peer.WaitForMessages(flaky, 1, 15_000);
    assert.equal(peer.dataAttempts, 2, 'refused once (451), accepted on the redelivery');
    assert.ok(message.parsed.text.includes('/verify-email?token='));

    await RegisterUser(api, { email: unknown });
    const admin = await Login(api, 'admin@localhost', server.adminPassword);
    const deadline = performance.now() + 15_000;
    let health;
    do {
      await Sleep(200);
      health = ExpectJson(await api.Get('/health', { token: admin.accessToken }), 200);
    } while (health.queue.deadLetters !== 1 && performance.now() < deadline);
    assert.equal(health.queue.deadLetters, 1, JSON.stringify(health.queue));
    assert.equal(peer.recipientAttempts.get(unknown), 2, 'tried on each of queue.max_receives receives');
    assert.equal(peer.MessagesTo(unknown).length, 0);
    assert.equal(peer.MessagesTo(flaky).length, 1);
  });

  it('SIGTERM sends the mails of the last requests before the exit', async () => {
    const peer = await StartPeer({ tls: 'starttls' });
    // Nothing moves in the background: only the shutdown flush can deliver.
    const server = await StartRampart({ RAMPART_SMTP_URL: SmtpUrl(peer), RAMPART_OUTBOX_DISPATCH_INTERVAL: '1h' });
    const account = await RegisterUser(new Api(server.baseUrl));
    assert.equal(peer.messages.length, 0);
    const stopped = await server.Stop();
    assert.equal(stopped.code, 0);
    assert.equal(peer.MessagesTo(account.email).length, 1);
  });

  it('a relay that hangs does not hold the shutdown beyond its budget', async () => {
    const silent = await SilentServer();
    try {
      const server = await StartRampart({
        RAMPART_SMTP_URL: SmtpUrl(silent.port),
        RAMPART_SHUTDOWN_TIMEOUT: '2s',
      });
      await RegisterUser(new Api(server.baseUrl));
      // The consumer is connected and waits for a greeting (smtp.greeting_timeout is 30 s).
      const deadline = performance.now() + 10_000;
      while (silent.connections() === 0 && performance.now() < deadline) await Sleep(25);
      assert.ok(silent.connections() > 0, 'the consumer connected');
      const stopped = await server.Stop({ timeoutMs: 15_000 });
      assert.equal(stopped.code, 0);
      assert.ok(stopped.ms < 8000, `exit took ${Math.round(stopped.ms)} ms`);
    } finally {
      await silent.Stop();
    }
  });
});
