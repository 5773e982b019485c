// A test token issuer: what a service trusting another issuer's access tokens (auth.issuer)
// needs to be driven end to end. It generates an ES256 key pair, serves the public key at
// <issuer>/.well-known/jwks.json on a loopback port of its own, and mints access tokens shaped
// as rampart's own (docs/security.md#access-tokens): header alg ES256, typ at+jwt, kid; claims
// iss, aud, exp, iat, nbf, jti, sub, sid + ver (a user's session) or client_id + ver (a service
// account), roles, perm and, for a service account, an optional scope.
//
//   const issuer = await TestIssuer.Start();
//   const server = await RampartServer.Start({ env: issuer.Env() });
//   const token = await issuer.Token({ perm: ['audit.read'] });
//
// Nothing may outlive the test process: the HTTP server and its connections never keep it
// alive (unref), and every issuer still listening when the process exits is closed.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

import { RecordSecret } from './secrets.mjs';

const kJwksPath = '/.well-known/jwks.json';
const kDefaultLifetimeSeconds = 600;

const live_issuers = new Set();

process.on('exit', () => {
  for (const issuer of live_issuers) issuer.CloseNow();
});

/// A new ES256 key: {kid, privateKey, jwk} (the public JWK as a JWKS lists it).
async function NewKey() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint({ kty, crv, x, y });
  return { kid, privateKey, jwk: { kty, crv, x, y, kid, use: 'sig', alg: 'ES256' } };
}

/// The claims of a token: `defaults`, then `claims` over them; a claim given as undefined is
/// left out of the token.
function Merge(defaults, claims) {
  const merged = { ...defaults, ...claims };
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[name];
  }
  return merged;
}

export class TestIssuer {
  /// Starts an issuer on a free loopback port. options.audience: the `aud` of its tokens (the
  /// service's auth.audience, "rampart" by default).
  static async Start({ audience = 'rampart' } = {}) {
    const issuer = new TestIssuer(audience, await NewKey());
    await issuer.Listen();
    return issuer;
  }

  constructor(audience, key) {
    this.audience = audience;
    this.keys = [key];         // served in the JWKS, in order
    this.signingKey = key;     // signs the tokens
    this.issuer = null;        // http://127.0.0.1:<port>, once listening
    this.jwksStatus = 200;     // SetJwksStatus(): what the JWKS endpoint answers
    this.requests = [];        // every request: {method, path}
    this.server_ = createServer((request, response) => this.Answer(request, response));
    this.server_.on('connection', (socket) => socket.unref());
    this.server_.keepAliveTimeout = 1000;
  }

  Listen() {
    return new Promise((done, fail) => {
      this.server_.once('error', fail);
      this.server_.listen(0, '127.0.0.1', () => {
        this.server_.off('error', fail);
        this.server_.unref();
        this.port = this.server_.address().port;
        this.issuer = `http://127.0.0.1:${this.port}`;
        live_issuers.add(this);
        done();
      });
    });
  }

  Answer(request, response) {
    const path = new URL(request.url, 'http://localhost').pathname;
    this.requests.push({ method: request.method, path });
    request.resume();
    if (path !== kJwksPath) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (this.jwksStatus !== 200) {
      response.writeHead(this.jwksStatus, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      return;
    }
    const body = JSON.stringify({ keys: this.keys.map((key) => key.jwk) });
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  /// The URL of the keys: <issuer>/.well-known/jwks.json.
  get jwksUrl() {
    return this.issuer + kJwksPath;
  }

  /// The kid of the key that signs the tokens.
  get kid() {
    return this.signingKey.kid;
  }

  /// How many requests reached the issuer, all of them or those for `path` (the JWKS by default).
  RequestCount(path = kJwksPath) {
    return this.requests.filter((request) => path === null || request.path === path).length;
  }

  /// The environment variables a server needs to trust this issuer.
  Env() {
    return { RAMPART_JWT_ISSUER: this.issuer, RAMPART_JWT_AUDIENCE: this.audience };
  }

  /// What the JWKS endpoint answers from now on: 200 (the keys) or an error status.
  SetJwksStatus(status) {
    this.jwksStatus = status;
  }

  /// Rotation: a new key is published (next to the old ones unless `retire`), and signs the
  /// tokens minted from now on. Returns its kid.
  async Rotate({ retire = false } = {}) {
    const key = await NewKey();
    this.keys = retire ? [key] : [...this.keys, key];
    this.signingKey = key;
    return key.kid;
  }

  /// The claims an access token gets by default: a user's session token (a random subject and
  /// session, version 0, no roles, no permissions), valid for 10 minutes from now; or, when
  /// `claims` names a client_id, a service account's (no sid, no amr).
  DefaultClaims(claims = {}) {
    const now = Math.floor(Date.now() / 1000);
    const common = {
      iss: this.issuer,
      sub: randomUUID(),
      aud: this.audience,
      exp: now + kDefaultLifetimeSeconds,
      iat: now,
      nbf: now,
      jti: randomUUID(),
    };
    if (claims.client_id !== undefined) return { ...common, ver: 0, roles: [], perm: [] };
    return { ...common, sid: randomUUID(), ver: 0, roles: [], perm: [], amr: ['pwd'] };
  }

  /// A signed access token: the default claims with `claims` over them (undefined removes a
  /// claim). options.header overrides the protected header (alg/typ/kid), options.key signs with
  /// another private key (a CryptoKey: a forger's).
  async Token(claims = {}, { header = {}, key } = {}) {
    const payload = Merge(this.DefaultClaims(claims), claims);
    const protected_header = Merge({ alg: 'ES256', typ: 'at+jwt', kid: this.signingKey.kid }, header);
    const token = await new SignJWT(payload)
      .setProtectedHeader(protected_header)
      .sign(key ?? this.signingKey.privateKey);
    RecordSecret('access token (test issuer)', token);
    return token;
  }

  /// A service account's token: client_id (random unless given), permissions in `perm`.
  ServiceToken(claims = {}, options = {}) {
    return this.Token({ client_id: `sa_${randomUUID().replaceAll('-', '')}`, ...claims }, options);
  }

  /// Closes the listener and every connection; resolves once closed.
  Stop() {
    if (!live_issuers.has(this)) return Promise.resolve();
    live_issuers.delete(this);
    return new Promise((done) => {
      this.server_.close(() => done());
      this.server_.closeAllConnections();
    });
  }

  /// Synchronous close (process exit).
  CloseNow() {
    live_issuers.delete(this);
    this.server_.close();
    this.server_.closeAllConnections();
  }
}

/// A random key pair that no issuer publishes: a forger's, for TestIssuer.Token's options.key.
export async function ForeignKey() {
  return (await NewKey()).privateKey;
}
