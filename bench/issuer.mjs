// The access-token issuer of a benchmark run of a service that trusts another issuer's tokens
// (auth.issuer): an ES256 key made at start, its public key served at
// <issuer>/.well-known/jwks.json on a free loopback port, and one access token of a principal,
// valid for a day, shaped as tests/e2e/lib/issuer.mjs mints them (header alg ES256, typ at+jwt,
// kid; claims iss, aud, exp, iat, nbf, jti, sub, sid, ver, roles, perm, amr).
//
//   node bench/issuer.mjs <state dir> [audience]
//
// Once listening it writes <state dir>/issuer (its URL) and <state dir>/token (the token), then
// answers until SIGTERM or SIGINT. Node's own modules only: a benchmark needs no `npm ci`.
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [state_dir, audience = 'rampart'] = process.argv.slice(2);
if (!state_dir) {
  console.error('usage: node bench/issuer.mjs <state dir> [audience]');
  process.exit(2);
}

const kJwksPath = '/.well-known/jwks.json';
const kLifetimeSeconds = 24 * 3600;

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
// RFC 7638 thumbprint: the required members in lexicographic order, no spaces.
const kid = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
const jwks = JSON.stringify({ keys: [{ kty, crv, x, y, kid, use: 'sig', alg: 'ES256' }] });

const Segment = (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function Token(issuer) {
  const now = Math.floor(Date.now() / 1000);
  const signing_input = `${Segment({ alg: 'ES256', typ: 'at+jwt', kid })}.${Segment({
    iss: issuer, sub: randomUUID(), aud: audience, exp: now + kLifetimeSeconds, iat: now, nbf: now,
    jti: randomUUID(), sid: randomUUID(), ver: 0, roles: [], perm: [], amr: ['pwd'],
  })}`;
  // JWS ES256: the raw r || s pair (IEEE P1363), not DER.
  const signature = sign('sha256', Buffer.from(signing_input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signing_input}.${signature.toString('base64url')}`;
}

const server = createServer((request, response) => {
  request.resume();
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path !== kJwksPath || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' });
  response.end(request.method === 'HEAD' ? undefined : jwks);
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  writeFileSync(join(state_dir, 'token'), `${Token(issuer)}\n`, { mode: 0o600 });
  writeFileSync(join(state_dir, 'issuer'), `${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
