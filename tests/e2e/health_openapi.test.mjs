// Health probes and the OpenAPI document.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

let server;
let api;

before(async () => {
  server = await RampartServer.Start();
  api = new Api(server.baseUrl);
});
after(async () => {
  if (server) await server.Stop();
});

describe('health', () => {
  it('GET /health/live answers {"status":"up"}', async () => {
    const body = ExpectJson(await api.Get('/health/live'), 200);
    assert.deepEqual(body, { status: 'up' });
  });

  it('GET /health/ready reports the database check with its latency', async () => {
    const reply = await api.Get('/health/ready');
    const body = ExpectJson(reply, 200);
    // Milliseconds with at most 3 decimals, in plain notation (Boost.JSON alone writes 4.75E-1).
    assert.doesNotMatch(reply.text.replace(/"(?:[^"\\]|\\.)*"/g, '""'), /[0-9][eE]/, reply.text);
    for (const match of reply.text.matchAll(/"latencyMs":([^,}]*)/g)) {
      assert.match(match[1], /^\d+(\.\d{1,3})?$/, reply.text);
    }
    assert.equal(body.status, 'up');
    assert.equal(body.checks?.database?.status, 'up', JSON.stringify(body));
    const latency = body.checks.database.latencyMs;
    assert.equal(typeof latency, 'number', `latencyMs must be a number: ${JSON.stringify(body)}`);
    assert.ok(latency >= 0 && latency < 5000, `implausible latencyMs ${latency}`);
  });

  it('health probes need no credentials and ignore a garbage token', async () => {
    const reply = await api.Get('/health/live', { token: 'not-a-token' });
    assert.equal(reply.status, 200, reply.Describe());
  });
});

describe('openapi', () => {
  let doc;
  before(async () => {
    doc = ExpectJson(await api.Get('/openapi.json'), 200);
  });

  // Every operation the API contract promises, as path → methods.
  // rampart:begin(iam)
  const kOperations = {
    '/api/v1/auth/register': ['post'],
    '/api/v1/auth/login': ['post'],
    '/api/v1/auth/refresh': ['post'],
    '/api/v1/auth/logout': ['post'],
    '/api/v1/users/me': ['get', 'patch'],
    '/api/v1/users/me/password': ['post'],
    '/.well-known/jwks.json': ['get'],
    '/.well-known/openid-configuration': ['get'],
    '/api/v1/features': ['get'],
    '/health/live': ['get'],
    '/health/ready': ['get'],
    '/oauth/token': ['post'],
    '/api/v1/service-accounts': ['get', 'post'],
    '/api/v1/service-accounts/{id}': ['get', 'patch', 'delete'],
    '/api/v1/service-accounts/{id}/secret': ['post'],
    '/api/v1/users/me/api-keys': ['get', 'post'],
    '/api/v1/users/me/api-keys/{id}': ['delete'],
  };
  const kProtected = [
    ['/api/v1/users/me', 'get'],
    ['/api/v1/users/me', 'patch'],
    ['/api/v1/users/me/password', 'post'],
    ['/api/v1/service-accounts', 'post'],
    ['/api/v1/users/me/api-keys', 'post'],
  ];
  const kPublic = [
    ['/oauth/token', 'post'],
    ['/api/v1/auth/register', 'post'],
    ['/api/v1/auth/login', 'post'],
    ['/api/v1/auth/refresh', 'post'],
    ['/health/live', 'get'],
  ];
  // rampart:else
  // const kOperations = {
  //   '/api/v1/notes': ['get', 'post'],
  //   '/api/v1/notes/{id}': ['get', 'patch', 'delete'],
  //   '/api/v1/audit-events': ['get'],
  //   '/api/v1/features': ['get'],
  //   '/health': ['get'],
  //   '/health/live': ['get'],
  //   '/health/ready': ['get'],
  // };
  // const kProtected = [
  //   ['/api/v1/notes', 'get'],
  //   ['/api/v1/notes', 'post'],
  //   ['/api/v1/notes/{id}', 'get'],
  //   ['/api/v1/notes/{id}', 'patch'],
  //   ['/api/v1/notes/{id}', 'delete'],
  //   ['/api/v1/audit-events', 'get'],
  //   ['/api/v1/features', 'get'],
  //   ['/health', 'get'],
  // ];
  // const kPublic = [
  //   ['/health/live', 'get'],
  //   ['/health/ready', 'get'],
  //   ['/openapi.json', 'get'],
  // ];
  // rampart:end

  // The requirement list that applies to an operation (its own, else the document's).
  const EffectiveSecurity = (operation) => operation.security ?? doc.security ?? [];

  it('is an OpenAPI 3.1 document with info', () => {
    assert.equal(typeof doc.openapi, 'string');
    assert.ok(doc.openapi.startsWith('3.1'), `openapi = ${doc.openapi}`);
    assert.equal(typeof doc.info?.title, 'string');
    assert.equal(typeof doc.info?.version, 'string');
  });

  it('lists every contract path with its methods, each with responses', () => {
    const missing = [];
    for (const [path, methods] of Object.entries(kOperations)) {
      for (const method of methods) {
        const operation = doc.paths?.[path]?.[method];
        if (!operation) {
          missing.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        assert.ok(operation.responses && Object.keys(operation.responses).length > 0, `${method} ${path} has no responses`);
      }
    }
    assert.deepEqual(missing, [], `operations missing from /openapi.json`);
  });

  it('protected operations require a bearer token or an API key', () => {  // rampart:only(iam)
  // rampart:begin(iam)
  // rampart:else
  // it('protected operations require a bearer token', () => {
  // rampart:end
    const schemes = doc.components?.securitySchemes ?? {};
    const bearer_schemes = Object.entries(schemes)
      .filter(([, scheme]) => scheme.type === 'http' && /^bearer$/i.test(scheme.scheme ?? ''))
      .map(([name]) => name);
    assert.ok(bearer_schemes.length > 0, `no http bearer scheme in ${JSON.stringify(schemes)}`);
    // rampart:begin(iam)
    // The API key alternative (docs/security.md#api-keys): the X-API-Key header.
    const key_schemes = Object.entries(schemes)
      .filter(([, scheme]) => scheme.type === 'apiKey' && scheme.in === 'header' && /^x-api-key$/i.test(scheme.name ?? ''))
      .map(([name]) => name);
    assert.equal(key_schemes.length, 1, `no X-API-Key scheme in ${JSON.stringify(schemes)}`);
    bearer_schemes.push(...key_schemes);
    // rampart:else
    // // No other kind of credential: the trusted issuer's access tokens are the only one.
    // assert.deepEqual(Object.keys(schemes), bearer_schemes, `schemes: ${JSON.stringify(schemes)}`);
    // rampart:end
    for (const [path, method] of kProtected) {
      const security = EffectiveSecurity(doc.paths[path][method]);
      assert.ok(security.length > 0, `${method} ${path} has no security requirement`);
      // Every alternative must demand a credential; an empty {} would make it optional.
      for (const requirement of security) {
        assert.ok(Object.keys(requirement).some((name) => bearer_schemes.includes(name)),
          `${method} ${path}: requirement ${JSON.stringify(requirement)} uses none of ${bearer_schemes.join(', ')}`);
      }
    }
  });

  it('public operations do not demand credentials', () => {
    for (const [path, method] of kPublic) {
      const security = EffectiveSecurity(doc.paths[path][method]);
      const optional = security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0);
      assert.ok(optional, `${method} ${path} wrongly requires ${JSON.stringify(security)}`);
    }
  });

  it('every $ref in the document resolves', () => {
    const dangling = [];
    const Resolve = (ref) => {
      if (!ref.startsWith('#/')) return true; // external references are not used here
      let node = doc;
      for (const raw of ref.slice(2).split('/')) {
        const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        if (node === null || typeof node !== 'object' || !(key in node)) return false;
        node = node[key];
      }
      return true;
    };
    const Walk = (node) => {
      if (Array.isArray(node)) return node.forEach(Walk);
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && !Resolve(value)) dangling.push(value);
        else Walk(value);
      }
    };
    Walk(doc);
    assert.deepEqual(dangling, []);
  });
});
