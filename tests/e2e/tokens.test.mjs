// Access tokens seen from outside: discovery, the JWKS, verification by an independent JWT
// library (jose), and every hostile token we can forge — including ones signed with the real
// private key, so that a rejection proves the specific defect is checked, not just the signature.
import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createRemoteJWKSet, exportJWK, generateKeyPair, importPKCS8, jwtVerify, SignJWT } from 'jose';

import { Api, Base64UrlJson, DecodeJwt, ExpectJson, ExpectUnauthorized, Login, SignedInUser } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kMe = '/api/v1/users/me';

let server;
let api;
let discovery;
let jwks;
let account; // a signed-in user
let kid; // the kid of the key that signed account's token
let signing_key; // jose CryptoKey for the real private key
let signing_pem;

before(async () => {
  server = await RampartServer.Start();
  api = new Api(server.baseUrl);
  discovery = ExpectJson(await api.Get('/.well-known/openid-configuration'), 200);
  jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  account = await SignedInUser(api);
  kid = DecodeJwt(account.tokens.accessToken).header.kid;
  signing_pem = readFileSync(join(server.dataDir, 'keys', `${kid}.pem`), 'utf8');
  signing_key = await importPKCS8(signing_pem, 'ES256');
});
after(async () => {
  if (server) await server.Stop();
});

const Now = () => Math.floor(Date.now() / 1000);

// Claims of a currently valid access token for `account`, with a fresh jti and times.
function ValidClaims() {
  const claims = { ...DecodeJwt(account.tokens.accessToken).payload };
  const now = Now();
  return { ...claims, jti: randomUUID(), iat: now, nbf: now, exp: now + 600 };
}

// An ES256 token over `claims` with the real key unless another is given.
function Forge(claims, { header = {}, key = signing_key } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid, ...header }).sign(key);
}

// A compact JWS with any header, signed by node:crypto (jose refuses mismatched headers).
function SignRaw(header, claims, signer) {
  const input = `${Base64UrlJson(header)}.${Base64UrlJson(claims)}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

async function ExpectRejected(token, what) {
  const reply = await api.Get(kMe, { token });
  assert.equal(reply.status, 401, `${what} was accepted: ${reply.Describe()}`);
  ExpectUnauthorized(reply, kMe);
}

// Replaces the character at `index` of a base64url string with a different one.
function FlipChar(text, index) {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('discovery', () => {
  it('publishes the OpenID configuration', () => {
    assert.equal(discovery.issuer, server.baseUrl);
    const jwks_uri = new URL(discovery.jwks_uri); // throws unless absolute
    assert.equal(jwks_uri.origin, server.baseUrl);
    assert.ok(jwks_uri.pathname.endsWith('/.well-known/jwks.json'), discovery.jwks_uri);
    // Only what rampart supports (docs/security.md, "Discovery document"): the client
    // credentials token endpoint and no ID tokens; the algorithm is each JWKS key's `alg`.
    assert.equal(discovery.token_endpoint, `${server.baseUrl}/oauth/token`);
    assert.equal(discovery.id_token_signing_alg_values_supported, undefined);
    assert.deepEqual(discovery.subject_types_supported, ['public']);
  });

  it('publishes public EC P-256 keys only', async () => {
    const body = ExpectJson(await api.Get('/.well-known/jwks.json'), 200);
    assert.ok(Array.isArray(body.keys) && body.keys.length > 0, JSON.stringify(body));
    for (const key of body.keys) {
      assert.equal(key.kty, 'EC');
      assert.equal(key.crv, 'P-256');
      assert.equal(typeof key.kid, 'string');
      if (key.alg !== undefined) assert.equal(key.alg, 'ES256');
      if (key.use !== undefined) assert.equal(key.use, 'sig');
      assert.equal(Buffer.from(key.x, 'base64url').length, 32);
      assert.equal(Buffer.from(key.y, 'base64url').length, 32);
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.ok(!(secret in key), `JWKS leaks private member ${secret}`);
    }
    assert.ok(body.keys.some((key) => key.kid === kid), `signing kid ${kid} not in the JWKS`);
  });

  it('keeps the signing key as PKCS#8 PEM, mode 0600, matching the published key', async () => {
    const keys_dir = join(server.dataDir, 'keys');
    const pems = readdirSync(keys_dir).filter((name) => name.endsWith('.pem'));
    assert.ok(pems.includes(`${kid}.pem`), `keys dir: ${pems}`);
    for (const name of pems) {
      const mode = statSync(join(keys_dir, name)).mode & 0o777;
      assert.equal(mode, 0o600, `${name} has mode ${mode.toString(8)}`);
    }
    assert.match(signing_pem, /^-----BEGIN PRIVATE KEY-----\n/);
    const public_jwk = await exportJWK(createPublicKey(createPrivateKey(signing_pem)));
    const published = ExpectJson(await api.Get('/.well-known/jwks.json'), 200).keys.find((key) => key.kid === kid);
    assert.equal(published.x, public_jwk.x);
    assert.equal(published.y, public_jwk.y);
  });
});

describe('access token', () => {
  it('verifies with jose against the published JWKS', async () => {
    const { payload, protectedHeader } = await jwtVerify(account.tokens.accessToken, jwks, {
      algorithms: ['ES256'],
      issuer: discovery.issuer,
      audience: 'rampart',
      typ: 'at+jwt',
    });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(protectedHeader.kid, kid);
    assert.equal(payload.iss, `http://127.0.0.1:${server.port}`);
    assert.equal(payload.sub, account.user.id);
    assert.equal(typeof payload.sid, 'string');
    assert.ok(payload.sid.length > 0);
    assert.ok(Number.isInteger(payload.ver), `ver = ${payload.ver}`);
    assert.deepEqual(payload.roles, ['user']);
    assert.ok(Array.isArray(payload.perm) && payload.perm.every((name) => typeof name === 'string'));
    assert.equal(typeof payload.jti, 'string');
    for (const claim of ['iat', 'nbf', 'exp']) assert.ok(Number.isInteger(payload[claim]), `${claim} = ${payload[claim]}`);
    assert.equal(payload.exp - payload.iat, 600);
    assert.ok(payload.nbf <= payload.iat);
    assert.ok(Math.abs(payload.iat - Now()) < 120, `iat ${payload.iat} is not now`);
  });

  it('gives an ordinary user no administrative permissions', () => {
    const { perm } = DecodeJwt(account.tokens.accessToken).payload;
    for (const admin_only of ['users.read', 'users.write', 'roles.manage', 'audit.read']) {
      assert.ok(!perm.includes(admin_only), `user token carries ${admin_only}: ${perm}`);
    }
  });

  it('gives the bootstrap administrator the admin role and users.read', async () => {
    const tokens = await Login(api, 'admin@localhost', server.adminPassword);
    const { payload } = await jwtVerify(tokens.accessToken, jwks, { algorithms: ['ES256'], issuer: discovery.issuer, audience: 'rampart' });
    assert.deepEqual(payload.roles, ['admin']);
    assert.ok(payload.perm.includes('users.read'), `admin perm: ${payload.perm}`);
    const me = ExpectJson(await api.Get(kMe, { token: tokens.accessToken }), 200);
    assert.equal(me.email, 'admin@localhost');
    assert.deepEqual(me.roles, ['admin']);
  });

  it('is accepted when forged with the real key and valid claims (control for the cases below)', async () => {
    const me = ExpectJson(await api.Get(kMe, { token: await Forge(ValidClaims()) }), 200);
    assert.equal(me.id, account.user.id);
  });
});

describe('hostile tokens are refused with 401 and a Bearer challenge', () => {
  it('no Authorization header', async () => {
    ExpectUnauthorized(await api.Get(kMe), kMe);
  });

  it('a different scheme or an empty bearer', async () => {
    for (const authorization of [`Basic ${Buffer.from('a:b').toString('base64')}`, `Token ${account.tokens.accessToken}`, 'Bearer', 'Bearer ', account.tokens.accessToken]) {
      ExpectUnauthorized(await api.Get(kMe, { headers: { authorization } }), kMe);
    }
  });

  it('malformed tokens', async () => {
    const [header, payload, signature] = account.tokens.accessToken.split('.');
    const cases = {
      garbage: 'garbage',
      'two segments': `${header}.${payload}`,
      'four segments': `${header}.${payload}.${signature}.${signature}`,
      'empty segments': '..',
      'not base64': `${header}.!!!$$$.${signature}`,
      'header not JSON': `${Buffer.from('not json').toString('base64url')}.${payload}.${signature}`,
      'payload not JSON': `${header}.${Buffer.from('{"sub":').toString('base64url')}.${signature}`,
      'huge': `${header}.${'A'.repeat(8_000)}.${signature}`,
    };
    for (const [what, token] of Object.entries(cases)) await ExpectRejected(token, what);
  });

  it('a tampered payload or signature', async () => {
    const [header, payload, signature] = account.tokens.accessToken.split('.');
    const escalated = Base64UrlJson({ ...DecodeJwt(account.tokens.accessToken).payload, roles: ['admin'], perm: ['users.read', 'users.write'] });
    await ExpectRejected(`${header}.${escalated}.${signature}`, 'escalated claims with the original signature');
    await ExpectRejected(`${header}.${FlipChar(payload, Math.floor(payload.length / 2))}.${signature}`, 'flipped payload char');
    await ExpectRejected(`${header}.${payload}.${FlipChar(signature, 10)}`, 'flipped signature char');
    await ExpectRejected(`${header}.${payload}.`, 'missing signature');
    await ExpectRejected(`${header}.${payload}.${signature.slice(0, 40)}`, 'truncated signature');
  });

  it('an expired token (real key)', async () => {
    const now = Now();
    await ExpectRejected(await Forge({ ...ValidClaims(), iat: now - 1200, nbf: now - 1200, exp: now - 600 }), 'expired');
  });

  it('a token that is not valid yet (real key)', async () => {
    const now = Now();
    await ExpectRejected(await Forge({ ...ValidClaims(), iat: now, nbf: now + 3600, exp: now + 4200 }), 'nbf in the future');
  });

  it('a wrong audience (real key)', async () => {
    await ExpectRejected(await Forge({ ...ValidClaims(), aud: 'someone-else' }), 'aud someone-else');
    await ExpectRejected(await Forge({ ...ValidClaims(), aud: ['someone-else'] }), 'aud [someone-else]');
  });

  it('a wrong issuer (real key)', async () => {
    await ExpectRejected(await Forge({ ...ValidClaims(), iss: 'https://evil.example' }), 'iss evil');
    await ExpectRejected(await Forge({ ...ValidClaims(), iss: `http://127.0.0.1:${server.port + 1}` }), 'iss other port');
  });

  it('missing required claims (real key)', async () => {
    for (const claim of ['exp', 'sub', 'iss', 'aud']) {
      const claims = ValidClaims();
      delete claims[claim];
      await ExpectRejected(await Forge(claims), `without ${claim}`);
    }
  });

  it('an unknown kid, or a known kid signed by another key', async () => {
    await ExpectRejected(await Forge(ValidClaims(), { header: { kid: 'no-such-kid' } }), 'unknown kid with the real key');
    const { privateKey } = await generateKeyPair('ES256');
    await ExpectRejected(await Forge(ValidClaims(), { key: privateKey }), 'real kid, foreign key');
    await ExpectRejected(await Forge(ValidClaims(), { key: privateKey, header: { kid: randomUUID() } }), 'foreign kid and key');
    const claims = ValidClaims();
    const without_kid = SignRaw({ alg: 'ES256', typ: 'at+jwt' }, claims, (data) => sign('sha256', data, { key: createPrivateKey(signing_pem), dsaEncoding: 'ieee-p1363' }));
    // Without a kid the server may try its keys; the token is then valid, so only a crash or
    // an acceptance of a *foreign* kid-less token would be wrong.
    const foreign_without_kid = SignRaw({ alg: 'ES256', typ: 'at+jwt' }, claims, (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    await ExpectRejected(foreign_without_kid, 'kid-less token from a foreign key');
    assert.ok([200, 401].includes((await api.Get(kMe, { token: without_kid })).status));
  });

  it('alg "none" in any spelling', async () => {
    const claims = ValidClaims();
    const signature = account.tokens.accessToken.split('.')[2];
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const unsigned = `${Base64UrlJson({ alg, typ: 'at+jwt', kid })}.${Base64UrlJson(claims)}`;
      await ExpectRejected(`${unsigned}.`, `alg ${alg}, empty signature`);
      await ExpectRejected(`${unsigned}.${signature}`, `alg ${alg}, borrowed signature`);
    }
  });

  it('HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const public_key = createPublicKey(createPrivateKey(signing_pem));
    const jwk = ExpectJson(await api.Get('/.well-known/jwks.json'), 200).keys.find((key) => key.kid === kid);
    const secrets = {
      'SPKI PEM': public_key.export({ type: 'spki', format: 'pem' }),
      'SPKI DER': public_key.export({ type: 'spki', format: 'der' }),
      'JWK JSON': JSON.stringify(jwk),
      'x coordinate': Buffer.from(jwk.x, 'base64url'),
      'empty secret': '',
    };
    for (const [what, secret] of Object.entries(secrets)) {
      const token = SignRaw({ alg: 'HS256', typ: 'at+jwt', kid }, ValidClaims(), (data) => createHmac('sha256', secret).update(data).digest());
      await ExpectRejected(token, `HS256 with ${what}`);
    }
  });

  it('a valid ES256 signature under a header that names another algorithm', async () => {
    const private_key = createPrivateKey(signing_pem);
    for (const alg of ['ES384', 'ES512', 'RS256', 'PS256']) {
      const token = SignRaw({ alg, typ: 'at+jwt', kid }, ValidClaims(), (data) => sign('sha256', data, { key: private_key, dsaEncoding: 'ieee-p1363' }));
      await ExpectRejected(token, `alg ${alg}`);
    }
  });

  it('a token of another type (typ must be at+jwt, RFC 9068)', async () => {
    await ExpectRejected(await Forge(ValidClaims(), { header: { typ: 'JWT' } }), 'typ JWT');
    await ExpectRejected(await Forge(ValidClaims(), { header: { typ: 'id+jwt' } }), 'typ id+jwt');
  });
});

// Keys and key locations a token brings along (RFC 7515 §4.1.2–4.1.6) are never used: the key is
// always one of ours, chosen by kid. A token signed by an attacker's key that names that key (by
// URL, embedded, or as a certificate) is refused, and the URLs are never fetched.
describe('keys named or carried by the token are ignored', () => {
  let attacker; // {privateKey, jwk}
  let fetches = 0;
  let key_server;
  let key_url;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    attacker = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: 'attacker', alg: 'ES256', use: 'sig' } };
    key_server = createServer((request, response) => {
      ++fetches;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [attacker.jwk] }));
    });
    await new Promise((done) => key_server.listen(0, '127.0.0.1', done));
    key_url = `http://127.0.0.1:${key_server.address().port}/jwks.json`;
  });
  after(() => key_server?.close());

  const Attack = (header) => Forge(ValidClaims(), { key: attacker.privateKey, header });

  it("jku and x5u pointing at the attacker's key set: refused, never fetched", async () => {
    for (const header of [{ jku: key_url, kid: 'attacker' }, { jku: key_url }, { x5u: key_url, kid: 'attacker' }, { x5u: key_url }]) {
      await ExpectRejected(await Attack(header), `header ${JSON.stringify(header)}`);
    }
    assert.equal(fetches, 0, 'the server fetched a key URL named by a token');
  });

  it('an embedded jwk or x5c certificate chain: refused', async () => {
    const { d, ...public_jwk } = attacker.jwk;
    assert.equal(d, undefined);
    for (const header of [{ jwk: public_jwk }, { jwk: public_jwk, kid: 'attacker' }, { x5c: [Buffer.from('not a certificate').toString('base64')] }]) {
      await ExpectRejected(await Attack(header), `header with ${Object.keys(header).join(', ')}`);
    }
  });

  it('a valid token in the query string or a cookie is not a credential (only Authorization)', async () => {
    const token = account.tokens.accessToken;
    ExpectUnauthorized(await api.Get(`${kMe}?access_token=${token}`), kMe);
    ExpectUnauthorized(await api.Get(kMe, { headers: { cookie: `access_token=${token}; token=${token}` } }), kMe);
  });

  it('a crit header (an extension we do not implement), even with the real key', async () => {
    // jose refuses to sign a crit it does not know: node:crypto signs it (JOSE r||s).
    const real_key = createPrivateKey(signing_pem);
    const es256 = (data) => sign('sha256', data, { key: real_key, dsaEncoding: 'ieee-p1363' });
    await ExpectRejected(SignRaw({ alg: 'ES256', typ: 'at+jwt', kid, crit: ['exp'], exp: Now() + 60 }, ValidClaims(), es256), 'crit');
    await ExpectRejected(SignRaw({ alg: 'ES256', typ: 'at+jwt', kid, crit: ['x-unknown'], 'x-unknown': 1 }, ValidClaims(), es256), 'crit x-unknown');
    // The same raw signing without crit is accepted: the refusal is about crit.
    ExpectJson(await api.Get(kMe, { token: SignRaw({ alg: 'ES256', typ: 'at+jwt', kid }, ValidClaims(), es256) }), 200);
  });

  it('a kid that is a path, SQL or empty', async () => {
    const empty_hmac = (data) => createHmac('sha256', '').update(data).digest();
    for (const bad_kid of ['../../../../../../dev/null', `../keys/${kid}.pem`, "x' OR '1'='1", '', ' ', `${kid}\u0000`]) {
      await ExpectRejected(await Forge(ValidClaims(), { key: attacker.privateKey, header: { kid: bad_kid } }), `kid ${JSON.stringify(bad_kid)}`);
      await ExpectRejected(SignRaw({ alg: 'HS256', typ: 'at+jwt', kid: bad_kid }, ValidClaims(), empty_hmac), `HS256 with kid ${JSON.stringify(bad_kid)}`);
    }
  });

  it('signature shapes: all-zero r and s, DER instead of r||s, a JWE, trailing data', async () => {
    const claims = ValidClaims();
    const input = `${Base64UrlJson({ alg: 'ES256', typ: 'at+jwt', kid })}.${Base64UrlJson(claims)}`;
    await ExpectRejected(`${input}.${Buffer.alloc(64).toString('base64url')}`, 'r = s = 0 (CVE-2022-21449)');
    const der = sign('sha256', Buffer.from(input), { key: createPrivateKey(signing_pem), dsaEncoding: 'der' });
    await ExpectRejected(`${input}.${der.toString('base64url')}`, 'a DER signature by the real key');
    const valid = await Forge(claims);
    const [h, p, sig] = valid.split('.');
    await ExpectRejected(`${h}.${p}.${sig}.${sig}.${sig}`, 'five segments (JWE shape)');
    await ExpectRejected(`${valid}=`, 'padding after the signature');
    await ExpectRejected(`${h}.${p}.${sig}AAAA`, 'extra signature bytes');
    // The same token unchanged is accepted: the refusals above are about the shapes.
    ExpectJson(await api.Get(kMe, { token: valid }), 200);
  });
});
