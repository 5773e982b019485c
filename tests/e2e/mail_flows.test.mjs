// E-mail verification and password reset over HTTP, through the mail pickup directory: each mail
// is an RFC 5322 .eml file under <data dir>/mail/ written by the embedded queue's consumer, and
// the test follows its link's token= parameter as a user would. Also: forgot-password answers
// 202 for unknown addresses without mailing anyone, tokens are single use and expire, a reset
// ends every earlier session and access token, and a kill -9 between the commit and the
// delivery still delivers the mail after a restart (at-least-once outbox).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, ExpectUnauthorized, ExpectValidation, Login, RegisterUser, UniqueEmail, UniquePassword } from './lib/client.mjs';
import { ParsePrometheus, SampleValue } from './lib/prometheus.mjs';
import { MailParts, MailsTo, WaitForMail } from './lib/mail.mjs';
import { OpenPage, SubmitForm } from './lib/pages.mjs';
import { RampartServer } from './lib/server.mjs';
import { RecordSecret } from './lib/secrets.mjs';

const kMe = '/api/v1/users/me';
const kVerify = '/api/v1/auth/verify-email';
const kForgot = '/api/v1/auth/forgot-password';
const kReset = '/api/v1/auth/reset-password';
const kPublicBase = 'https://app.example.test/account';

// The token= parameter of the mail's link under `path`; recorded as a secret (never logged).
function TokenOf(mail, path) {
  const link = mail.body.split('\r\n').find((line) => line.startsWith(`${kPublicBase}${path}?`));
  assert.ok(link, `no ${path} link in:\n${mail.raw}`);
  const token = new URL(link).searchParams.get('token');
  assert.ok(token && token.length >= 32, `token in ${link}`);
  RecordSecret('one-time token (mail)', token);
  return token;
}

describe('mail flows', () => {
  let server;
  let api;

  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_MAIL_PUBLIC_BASE_URL: kPublicBase, RAMPART_OUTBOX_DISPATCH_INTERVAL: '50ms' } });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('registration mails a verification link; the token verifies the address once', async () => {
    const account = await RegisterUser(api);
    assert.equal(account.user.emailVerified, false);
    const [mail] = await WaitForMail(server, account.email);
    assert.equal(mail.headers.from, 'rampart <no-reply@localhost>');
    assert.equal(mail.headers.subject, 'Verify your e-mail address');
    assert.match(mail.headers['message-id'], /^<[0-9a-f-]{36}@rampart>$/);
    assert.equal(mail.file, `${mail.headers['message-id'].slice(1, 37)}.eml`);
    assert.ok(!Number.isNaN(Date.parse(mail.headers.date)), mail.headers.date);
    assert.match(mail.headers['content-type'], /^multipart\/alternative; boundary="[^"]+"$/);
    const parts = MailParts(mail);
    assert.deepEqual(Object.keys(parts), ['text/plain', 'text/html']);
    assert.match(parts['text/html'], /<a href="https:\/\/app\.example\.test\/account\/verify-email\?token=/);
    const token = TokenOf(mail, '/verify-email');

    const verified = await api.Post(kVerify, { token });
    assert.equal(verified.status, 204, verified.Describe());
    const tokens = await Login(api, account.email, account.password);
    assert.equal(ExpectJson(await api.Get(kMe, { token: tokens.accessToken }), 200).emailVerified, true);

    ExpectValidation(await api.Post(kVerify, { token }), kVerify, ['token']);
    ExpectValidation(await api.Post(kVerify, { token: 'x'.repeat(43) }), kVerify, ['token']);
    ExpectValidation(await api.Post(kVerify, {}), kVerify, ['token']);
  });

  it('resend (signed in) supersedes the earlier link', async () => {
    const account = await RegisterUser(api);
    const [first] = await WaitForMail(server, account.email);
    const tokens = await Login(api, account.email, account.password);
    ExpectUnauthorized(await api.Post('/api/v1/auth/verify-email/resend', {}), '/api/v1/auth/verify-email/resend');
    const resent = await api.Post('/api/v1/auth/verify-email/resend', {}, { token: tokens.accessToken });
    assert.equal(resent.status, 202, resent.Describe());
    const mails = await WaitForMail(server, account.email, 2);
    const newer = mails.find((mail) => mail.file !== first.file);
    ExpectValidation(await api.Post(kVerify, { token: TokenOf(first, '/verify-email') }), kVerify, ['token']);
    assert.equal((await api.Post(kVerify, { token: TokenOf(newer, '/verify-email') })).status, 204);
  });

  it('forgot-password: 202 for known and unknown addresses, one mail; reset ends old tokens', async () => {
    const account = await RegisterUser(api);
    await WaitForMail(server, account.email);  // the verification mail
    const old_tokens = await Login(api, account.email, account.password);

    const unknown = UniqueEmail('nobody');
    const unknown_reply = await api.Post(kForgot, { email: unknown });
    const known_reply = await api.Post(kForgot, { email: account.email.toUpperCase() });
    assert.equal(unknown_reply.status, 202);
    assert.equal(known_reply.status, 202);
    assert.equal(unknown_reply.text, known_reply.text, 'same body either way');
    const mails = await WaitForMail(server, account.email, 2);
    const reset_mail = mails.find((mail) => mail.headers.subject === 'Reset your password');
    assert.ok(reset_mail, 'a reset mail');
    // The unknown address's request went through the same outbox and queue: had it produced a
    // mail, it would be there by now, since the known one (sent after it) is.
    assert.equal(MailsTo(server, unknown).length, 0);

    const token = TokenOf(reset_mail, '/reset-password');
    ExpectValidation(await api.Post(kReset, { token, newPassword: 'short' }), kReset, ['newPassword']);
    const new_password = UniquePassword();
    const reset = await api.Post(kReset, { token, newPassword: new_password });
    assert.equal(reset.status, 204, reset.Describe());

    ExpectUnauthorized(await api.Get(kMe, { token: old_tokens.accessToken }), kMe);
    assert.equal((await api.Post('/api/v1/auth/refresh', { refreshToken: old_tokens.refreshToken })).status, 401);
    assert.equal((await api.Post('/api/v1/auth/login', { email: account.email, password: account.password })).status, 401);
    const fresh = await Login(api, account.email, new_password);
    ExpectJson(await api.Get(kMe, { token: fresh.accessToken }), 200);
    // Single use.
    ExpectValidation(await api.Post(kReset, { token, newPassword: UniquePassword() }), kReset, ['token']);
    // A verification token is no reset token.
    const verification = mails.find((mail) => mail.headers.subject === 'Verify your e-mail address');
    ExpectValidation(await api.Post(kReset, { token: TokenOf(verification, '/verify-email'), newPassword: UniquePassword() }), kReset, ['token']);

    const admin = await Login(api, 'admin@localhost', server.adminPassword);
    const events = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ target: account.user.id })}`, { token: admin.accessToken }), 200);
    const actions = events.items.map((event) => event.action);
    assert.ok(actions.includes('auth.password_reset.requested'), actions.join());
    assert.ok(actions.includes('user.password.reset'), actions.join());
  });

  it('GET /health/ready reports the queue with its latency', async () => {
    const body = ExpectJson(await api.Get('/health/ready'), 200);
    assert.equal(body.checks?.queue?.status, 'up', JSON.stringify(body));
    assert.equal(typeof body.checks.queue.latencyMs, 'number');
  });

  it('exports the outbox metrics', async () => {
    const account = await RegisterUser(api);
    await WaitForMail(server, account.email);
    const reply = await api.Get('/metrics', { headers: { accept: 'text/plain' } });
    assert.equal(reply.status, 200, reply.Describe());
    const metrics = ParsePrometheus(reply.text);
    // One mail per registration, resend and known forgot-password of this file so far.
    assert.ok(SampleValue(metrics, 'rampart_outbox_published_total') >= 6, reply.text);
    assert.equal(SampleValue(metrics, 'rampart_outbox_publish_failures_total'), 0);
    assert.equal(metrics.types.get('rampart_outbox_depth'), 'gauge');
    assert.equal(metrics.types.get('rampart_outbox_oldest_pending_age_seconds'), 'gauge');
  });
});

describe('mail tokens expire', () => {
  it('an expired reset token is refused', async () => {
    const server = await RampartServer.Start({
      env: { RAMPART_MAIL_PUBLIC_BASE_URL: kPublicBase, RAMPART_MAIL_RESET_PASSWORD_TTL: '1s', RAMPART_OUTBOX_DISPATCH_INTERVAL: '50ms' },
    });
    try {
      const api = new Api(server.baseUrl);
      const account = await RegisterUser(api);
      assert.equal((await api.Post(kForgot, { email: account.email })).status, 202);
      const mails = await WaitForMail(server, account.email, 2);
      const token = TokenOf(mails.find((mail) => mail.headers.subject === 'Reset your password'), '/reset-password');
      // The token's expiry has second resolution: past 2 s it is expired whatever the rounding.
      await new Promise((wake) => setTimeout(wake, 2100));
      ExpectValidation(await api.Post(kReset, { token, newPassword: UniquePassword() }), kReset, ['token']);
      await Login(api, account.email, account.password);
    } finally {
      await server.Stop();
    }
  });
});

describe('at-least-once delivery', () => {
  it('a mail committed before a kill -9 is delivered after the restart', async () => {
    // A dispatcher interval far longer than the test: nothing is published before the kill.
    let server = await RampartServer.Start({
      env: { RAMPART_MAIL_PUBLIC_BASE_URL: kPublicBase, RAMPART_OUTBOX_DISPATCH_INTERVAL: '1h' },
    });
    let api = new Api(server.baseUrl);
    // The dispatcher waits one interval before its first pass.
    const account = await RegisterUser(api);
    assert.equal(MailsTo(server, account.email).length, 0, 'not delivered before the kill');
    server.Kill();
    await server.Stop();
    server = await server.Restart({ env: { RAMPART_MAIL_PUBLIC_BASE_URL: kPublicBase, RAMPART_OUTBOX_DISPATCH_INTERVAL: '50ms' } });
    try {
      api = new Api(server.baseUrl);
      const [mail] = await WaitForMail(server, account.email);
      assert.equal((await api.Post(kVerify, { token: TokenOf(mail, '/verify-email') })).status, 204);
    } finally {
      await server.Stop();
    }
  });

  it('SIGTERM flushes the outbox: every mail committed before is in the pickup directory', async () => {
    const server = await RampartServer.Start({
      env: { RAMPART_MAIL_PUBLIC_BASE_URL: kPublicBase, RAMPART_OUTBOX_DISPATCH_INTERVAL: '1h' },
    });
    const api = new Api(server.baseUrl);
    const account = await RegisterUser(api);
    // More than one consumer batch (10): the flush drains, it does not stop after one pass.
    for (let i = 0; i < 24; ++i) assert.equal((await api.Post(kForgot, { email: account.email })).status, 202);
    assert.equal(MailsTo(server, account.email).length, 0);
    const stopped = await server.Stop();
    assert.equal(stopped.code, 0);
    assert.equal(MailsTo(server, account.email).length, 25);
  });
});

// The mail's link to `path` when the links point at the service itself (mail.public_base_url
// empty: auth.issuer); its token is recorded as a secret.
function OwnLinkOf(server, mail, path) {
  const line = mail.body.split('\r\n').find((text) => text.startsWith(`${server.baseUrl}${path}?token=`));
  assert.ok(line, `no ${server.baseUrl}${path} link in:\n${mail.raw}`);
  RecordSecret('one-time token (mail)', new URL(line).searchParams.get('token'));
  return line;
}


function ExpectPage(page, status, text) {
  assert.equal(page.status, status, page.html);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.equal(page.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  assert.match(page.html, /^<!doctype html>/);
  assert.ok(page.html.includes(text), `"${text}" not in:\n${page.html}`);
}

describe('the links in mails open the service\'s own pages by default', () => {
  let server;
  let api;

  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_OUTBOX_DISPATCH_INTERVAL: '50ms' } });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('verification: opening the link shows a form (token not spent); posting it verifies once', async () => {
    const account = await RegisterUser(api);
    const [mail] = await WaitForMail(server, account.email);
    const link = OwnLinkOf(server, mail, '/verify-email');

    // Link scanners and previews fetch links: a GET must not verify anything.
    ExpectPage(await OpenPage(link), 200, 'Verify my e-mail address');
    const page = await OpenPage(link);
    const signed_in = await Login(api, account.email, account.password);
    assert.equal(ExpectJson(await api.Get(kMe, { token: signed_in.accessToken }), 200).emailVerified, false);

    ExpectPage(await SubmitForm(link, page.html, {}), 200, 'your e-mail address is verified');
    assert.equal(ExpectJson(await api.Get(kMe, { token: signed_in.accessToken }), 200).emailVerified, true);
    const again = await SubmitForm(link, page.html, {});
    ExpectPage(again, 422, 'The token is invalid, expired or has been used already.');
    assert.ok(!again.html.includes('<form'), 'no form for a spent token');
  });

  it('reset: the form refuses differing and too short passwords, then sets the password', async () => {
    const account = await RegisterUser(api);
    await WaitForMail(server, account.email);
    const old_tokens = await Login(api, account.email, account.password);
    assert.equal((await api.Post(kForgot, { email: account.email })).status, 202);
    const mails = await WaitForMail(server, account.email, 2);
    const link = OwnLinkOf(server, mails.find((mail) => mail.headers.subject === 'Reset your password'), '/reset-password');

    const page = await OpenPage(link);
    ExpectPage(page, 200, 'name="newPassword"');
    const new_password = UniquePassword();
    RecordSecret('new password (form)', new_password);

    const differ = await SubmitForm(link, page.html, { newPassword: new_password, confirmPassword: `${new_password}x` });
    ExpectPage(differ, 422, 'The two passwords differ.');
    assert.ok(differ.html.includes('name="newPassword"'), 'the form again');
    const short = await SubmitForm(link, page.html, { newPassword: 'short', confirmPassword: 'short' });
    ExpectPage(short, 422, 'name="newPassword"');
    assert.match(short.html, /at least \d+ characters/);
    // Nothing was spent by the refusals: the old password still works.
    await Login(api, account.email, account.password);

    ExpectPage(await SubmitForm(link, page.html, { newPassword: new_password, confirmPassword: new_password }), 200, 'Password changed');
    ExpectUnauthorized(await api.Get(kMe, { token: old_tokens.accessToken }), kMe);
    assert.equal((await api.Post('/api/v1/auth/login', { email: account.email, password: account.password })).status, 401);
    await Login(api, account.email, new_password);
    ExpectPage(await SubmitForm(link, page.html, { newPassword: new_password, confirmPassword: new_password }), 422, 'has been used already');
  });

  it('bad requests get a page that says what is wrong', async () => {
    ExpectPage(await OpenPage(`${server.baseUrl}/verify-email`), 400, 'it has no token');
    ExpectPage(await OpenPage(`${server.baseUrl}/reset-password?token=`), 400, 'it has no token');
    // Whatever the link carries is escaped, never markup.
    const hostile = await OpenPage(`${server.baseUrl}/verify-email?token=${encodeURIComponent('"><script>alert(1)</script>')}`);
    ExpectPage(hostile, 200, '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    assert.ok(!hostile.html.includes('<script'), hostile.html);

    const json = await fetch(`${server.baseUrl}/verify-email`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"x"}' });
    ExpectPage({ status: json.status, headers: json.headers, html: await json.text() }, 415, 'application/x-www-form-urlencoded');
    const malformed = await fetch(`${server.baseUrl}/reset-password`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=%zz' });
    ExpectPage({ status: malformed.status, headers: malformed.headers, html: await malformed.text() }, 400, 'malformed');
    const unknown = await SubmitForm(`${server.baseUrl}/verify-email?token=x`, (await OpenPage(`${server.baseUrl}/verify-email?token=${'x'.repeat(43)}`)).html, {});
    ExpectPage(unknown, 422, 'has been used already');
  });
});
