// Identity normalisation and hostile input over HTTP (issue 13): e-mail addresses in one normal
// form at every entry point (case, NFC/NFD, IDNA A-labels, confusables), display names and role
// descriptions a reader can trust, HTML-escaped names in mails, 415 for bodies that are not
// JSON, the Host header and absolute-form targets, upper-case UUIDs in paths, a bounded 422,
// and an honest discovery document. Runs on SQLite and PostgreSQL.  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // and an honest discovery document.
// rampart:end
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  Api,
  ExpectJson,
  ExpectProblem,
  ExpectUnauthorized,
  ExpectValidation,
  Login,
  RegisterUser,
  UniquePassword,
} from './lib/client.mjs';
import { MailParts, WaitForMail } from './lib/mail.mjs';
import { ParseJsonBody, RawExchange, RequestHead } from './lib/raw_http.mjs';
import { RampartServer } from './lib/server.mjs';

const kRegister = '/api/v1/auth/register';
const kLogin = '/api/v1/auth/login';
const kForgot = '/api/v1/auth/forgot-password';
const kUsers = '/api/v1/users';
const kRoles = '/api/v1/roles';

let server;
let api;
let admin; // the seeded administrator's access token

before(async () => {
  server = await RampartServer.Start({ env: { RAMPART_OUTBOX_DISPATCH_INTERVAL: '50ms' } });
  api = new Api(server.baseUrl);
  admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
});
after(async () => {
  if (server) await server.Stop();
});

const Tag = () => randomBytes(4).toString('hex');

describe('e-mail addresses', () => {
  it('ADMIN@LOCALHOST signs in as admin@localhost; x@LOCALHOST registers as x@localhost', async () => {
    const tokens = await Login(api, 'ADMIN@LOCALHOST', server.adminPassword);
    const me = ExpectJson(await api.Get('/api/v1/users/me', { token: tokens.accessToken }), 200);
    assert.equal(me.email, 'admin@localhost');
    const local = `x-${Tag()}`;
    const account = await RegisterUser(api, { email: `${local.toUpperCase()}@LOCALHOST` });
    assert.equal(account.user.email, `${local}@localhost`);
  });

  it('NFC and NFD spellings are one account (409), and sign in as it', async () => {
    const nfc = `jos\u00e9-${Tag()}@example.com`;
    const nfd = nfc.normalize('NFD');
    assert.notEqual(nfd, nfc);
    const account = await RegisterUser(api, { email: nfd });
    assert.equal(account.user.email, nfc, 'stored in NFC');
    ExpectProblem(await api.Post(kRegister, { email: nfc, password: UniquePassword(), displayName: 'Twin' }), { status: 409, type: '/problems/conflict' });
    const tokens = await Login(api, nfc, account.password);
    assert.equal(ExpectJson(await api.Get('/api/v1/users/me', { token: tokens.accessToken }), 200).id, account.user.id);
  });

  it('exämple.com and its A-label xn--exmple-cua.com are one account', async () => {
    const local = `ada-${Tag()}`;
    const account = await RegisterUser(api, { email: `${local}@EX\u00c4MPLE.com` });
    assert.equal(account.user.email, `${local}@xn--exmple-cua.com`);
    ExpectProblem(await api.Post(kRegister, { email: `${local}@xn--exmple-cua.com`, password: UniquePassword(), displayName: 'Twin' }), { status: 409, type: '/problems/conflict' });
    ExpectProblem(await api.Post(kRegister, { email: `${local}@exa\u0308mple.com`, password: UniquePassword(), displayName: 'Twin' }), { status: 409, type: '/problems/conflict' });
    await Login(api, `${local}@xn--exmple-cua.com`, account.password);
    // The other entry points take the same normal form: forgot-password mails the account...
    assert.equal((await api.Post(kForgot, { email: `${local.toUpperCase()}@ex\u00e4mple.com` })).status, 202);
    const mails = await WaitForMail(server, account.user.email, 2);
    assert.ok(mails.some((mail) => mail.headers.subject === 'Reset your password'), 'a reset mail');
    // ...and an administrator's search by the address as typed finds it.
    const page = ExpectJson(await api.Get(`${kUsers}?${new URLSearchParams({ search: `${local}@ex\u00e4mple.com` })}`, { token: admin }), 200);
    assert.deepEqual(page.items.map((user) => user.id), [account.user.id]);
  });

  it('administrators create and update users through the same rules', async () => {
    const local = `made-${Tag()}`;
    const created = ExpectJson(await api.Post(kUsers, { email: `${local}@EX\u00c4MPLE.COM`, password: UniquePassword(), displayName: 'Made' }, { token: admin }), 201);
    assert.equal(created.email, `${local}@xn--exmple-cua.com`);
    const renamed = ExpectJson(await api.Patch(`${kUsers}/${created.id}`, { email: `${local}-2@LOCALHOST` }, { token: admin }), 200);
    assert.equal(renamed.email, `${local}-2@localhost`);
    ExpectValidation(await api.Patch(`${kUsers}/${created.id}`, { email: `.${local}@example.com` }, { token: admin }), `${kUsers}/${created.id}`, ['email']);
  });

  it('refuses confusable and invalid forms with a 422 on email; the Kelvin sign is the letter K', async () => {
    for (const email of [
      '\uff41\uff44\uff4d\uff49\uff4e@localhost', // ａｄｍｉｎ, fullwidth
      '\u0430dmin@localhost', // Cyrillic а + Latin dmin
      '.admin@localhost',
      'admin.@localhost',
      'ad..min@localhost',
      'ad\u200bmin@localhost', // zero-width space
      'admin@xn--zz.com', // not a valid A-label
      '\ufb01le@example.com', // ﬁ ligature
    ]) {
      const reply = await api.Post(kRegister, { email, password: UniquePassword(), displayName: 'Confusable' });
      ExpectValidation(reply, kRegister, ['email']);
    }
    const local = `kelvin-${Tag()}`;
    const account = await RegisterUser(api, { email: `\u212a${local.slice(1)}@example.com` });
    assert.equal(account.user.email, `${local}@example.com`);
  });
});

describe('display names and role descriptions', () => {
  it('refuse C1 controls, bidi overrides and isolates, BOM and invisible-only names, one 422 each', async () => {
    for (const displayName of ['Ada\u009b', '\u202eecilA', 'A\u2066da\u2069', '\ufeffAda', '\u200b\u2060', ' \u3164 ', 'Ada\u200f']) {
      const reply = await api.Post(kRegister, { email: `n-${Tag()}@example.com`, password: UniquePassword(), displayName });
      const problem = ExpectValidation(reply, kRegister, ['displayName']);
      assert.match(problem.errors[0].message, /^Display name must /);
    }
    const account = await RegisterUser(api, { displayName: 'Zo\u00eb \u{1F469}\u200d\u{1F4BB}' });
    assert.equal(account.user.displayName, 'Zo\u00eb \u{1F469}\u200d\u{1F4BB}');
  });

  it('role descriptions follow the same rules', async () => {
    const reply = await api.Post(kRoles, { name: `r-${Tag()}`, description: 'Reads \u202egol tidua', permissions: [] }, { token: admin });
    const problem = ExpectValidation(reply, kRoles, ['description']);
    assert.match(problem.errors[0].message, /^Description must not contain bidirectional/);
  });

  it('the mail escapes the display name in its HTML part', async () => {
    const displayName = '<a href="https://evil.test">Bob</a> & "co"';
    const account = await RegisterUser(api, { displayName });
    const [mail] = await WaitForMail(server, account.user.email);
    const parts = MailParts(mail);
    const html = parts['text/html'];
    assert.ok(html, `an HTML part in:\n${mail.raw}`);
    assert.ok(html.includes('Hello &lt;a href=&quot;https://evil.test&quot;&gt;Bob&lt;/a&gt; &amp; &quot;co&quot;,'), html);
    assert.ok(!html.includes('<a href="https://evil.test">'), html);
    assert.ok(parts['text/plain'].startsWith(`Hello ${displayName},`), 'plain text carries the name as typed');
  });
});

describe('JSON bodies need Content-Type: application/json (415)', () => {
  it('a text/plain register or login, as a cross-site form would post it, is refused', async () => {
    const email = `form-${Tag()}@example.com`;
    const password = UniquePassword();
    const body = JSON.stringify({ email, password, displayName: 'Form' });
    for (const [path, type] of [[kRegister, 'text/plain'], [kRegister, 'application/x-www-form-urlencoded'], [kLogin, 'text/plain;charset=UTF-8']]) {
      const reply = await api.Request('POST', path, { body, headers: { 'content-type': type } });
      const problem = ExpectProblem(reply, { status: 415, type: '/problems/unsupported-media-type', instance: path });
      assert.match(problem.detail, /application\/json/);
    }
    // Nothing was registered.
    ExpectUnauthorized(await api.Post(kLogin, { email, password }), kLogin);
    // A charset parameter is fine; a body-less endpoint needs no Content-Type at all.
    const registered = await api.Request('POST', kRegister, { body, headers: { 'content-type': 'application/json; charset=utf-8' } });
    ExpectJson(registered, 201);
    const tokens = await Login(api, email, password);
    const logout_all = await api.Request('POST', '/api/v1/auth/logout-all', { token: tokens.accessToken });
    assert.equal(logout_all.status, 204, logout_all.Describe());
    const page = await api.Get('/problems/unsupported-media-type');
    assert.equal(page.status, 200);
    assert.match(page.text, /Unsupported media type/);
  });
});

describe('HTTP request line and Host (RFC 9112 §3.2)', () => {
  it('HTTP/1.1 without Host, or with two, is a 400 problem', async () => {
    for (const head of ['GET /health/live HTTP/1.1\r\n\r\n', 'GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n']) {
      const response = await RawExchange(server.port, head);
      assert.equal(response.status, 400, head);
      assert.equal(ParseJsonBody(response).type, '/problems/bad-request');
    }
  });

  it('accepts an absolute-form target', async () => {
    const response = await RawExchange(server.port, RequestHead('GET', `http://127.0.0.1:${server.port}/health/live`));
    assert.equal(response.status, 200, response.text);
  });
});

describe('paths', () => {
  it('an upper-case UUID names the same user', async () => {
    const account = await RegisterUser(api);
    const user = ExpectJson(await api.Get(`${kUsers}/${account.user.id.toUpperCase()}`, { token: admin }), 200);
    assert.equal(user.id, account.user.id);
    assert.equal(user.email, account.user.email);
  });
});

describe('a 422 is bounded', () => {
  it('5,000 unknown permission names list 50 errors and count the rest', async () => {
    const role = ExpectJson(await api.Post(kRoles, { name: `bounded-${Tag()}`, description: 'Bounded.', permissions: [] }, { token: admin }), 201);
    const permissions = Array.from({ length: 5000 }, (_, i) => `made.up.permission.${i}`);
    const reply = await api.Request('PUT', `${kRoles}/${role.id}/permissions`, { json: { permissions }, token: admin });
    const problem = ExpectProblem(reply, { status: 422, type: '/problems/validation' });
    assert.equal(problem.errors.length, 50);
    assert.equal(problem.errorsOmitted, 4950);
    assert.match(problem.detail, /first 50 of 5000/);
    assert.ok(reply.text.length < 8192, `${reply.text.length} bytes`);
  });
});

describe('discovery document', () => {
  it('says what rampart supports and nothing else', async () => {
    const discovery = ExpectJson(await api.Get('/.well-known/openid-configuration'), 200);
    assert.equal(discovery.issuer, server.baseUrl);
    assert.equal(discovery.jwks_uri, `${server.baseUrl}/.well-known/jwks.json`);
    assert.deepEqual(discovery.subject_types_supported, ['public']);
    assert.deepEqual(discovery.response_types_supported, []);
    assert.equal(discovery.token_endpoint, `${server.baseUrl}/oauth/token`);
    assert.deepEqual(discovery.grant_types_supported, ['client_credentials']);
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
    for (const absent of ['authorization_endpoint', 'userinfo_endpoint', 'id_token_signing_alg_values_supported', 'claims_supported', 'scopes_supported']) {
      assert.equal(discovery[absent], undefined, `${absent} must not be claimed`);
    }
    const jwks = ExpectJson(await api.Get(discovery.jwks_uri.slice(server.baseUrl.length)), 200);
    assert.ok(jwks.keys.length >= 1 && jwks.keys.every((key) => key.alg === 'ES256'), JSON.stringify(jwks));
  });
});
