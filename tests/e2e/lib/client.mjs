// Small fetch helpers over one server: JSON requests, bearer tokens, and the assertions every
// error response must satisfy (RFC 9457 problem+json tied to the request's correlation id).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';

import { RecordAuthorization, RecordSecretsIn } from './secrets.mjs';

export const kUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const kRfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/// The outcome of one HTTP exchange; `body` is the parsed JSON when the response is JSON.
export class Reply {
  constructor(response, text) {
    this.status = response.status;
    this.headers = response.headers;
    this.text = text;
    this.contentType = response.headers.get('content-type') ?? '';
    this.correlationId = response.headers.get('x-correlation-id');
    this.body = undefined;
    if (/^application\/(problem\+)?json\b/i.test(this.contentType) && text.length > 0) {
      try {
        this.body = JSON.parse(text);
      } catch (error) {
        throw new Error(`response declared ${this.contentType} but is not JSON: ${text.slice(0, 200)}`);
      }
    }
  }

  /// A one-line description for assertion messages.
  Describe() {
    return `${this.status} ${this.contentType} ${this.text.slice(0, 300)}`;
  }
}

export class Api {
  constructor(base_url) {
    this.baseUrl = base_url;
  }

  /// One request. options: json (serialised as the body), body (raw string/Buffer), token
  /// (Authorization: Bearer), headers, recordSecrets (default true; false only for guesses
  /// taken from the server's own output, which are no secrets: see lib/secrets.mjs).
  async Request(method, path, { json, body, token, headers = {}, recordSecrets = true } = {}) {
    const all_headers = { accept: 'application/json', ...headers };
    let payload = body;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      all_headers['content-type'] ??= 'application/json';
    }
    if (token !== undefined) all_headers.authorization = `Bearer ${token}`;
    // Every secret sent or received is searched for in the servers' output (lib/secrets.mjs).
    if (recordSecrets) {
      for (const [name, value] of Object.entries(all_headers)) {
        if (['authorization', 'x-api-key'].includes(name.toLowerCase())) RecordAuthorization(value);
      }
      if (json !== undefined) RecordSecretsIn(json, 'request');
      else if (typeof body === 'string') RecordSecretsIn(TryJson(body), 'request');
    }
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: all_headers,
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    const reply = new Reply(response, await response.text());
    if (reply.body !== undefined) RecordSecretsIn(reply.body, 'response');
    return reply;
  }

  Get(path, options) {
    return this.Request('GET', path, options);
  }
  Post(path, json, options = {}) {
    return this.Request('POST', path, { ...options, json });
  }
  Patch(path, json, options = {}) {
    return this.Request('PATCH', path, { ...options, json });
  }
  Delete(path, options) {
    return this.Request('DELETE', path, options);
  }
}

function TryJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/// Asserts a JSON success response with `status` and returns its body.
export function ExpectJson(reply, status) {
  assert.equal(reply.status, status, `expected ${status}, got ${reply.Describe()}`);
  assert.match(reply.contentType, /^application\/json\b/i, `content-type of ${reply.Describe()}`);
  assert.ok(reply.body !== undefined, `no JSON body in ${reply.Describe()}`);
  return reply.body;
}

/// Asserts an RFC 9457 problem: content type, `type` (/problems/<slug>), `status`, a title,
/// `instance` (the request path) and `traceId` equal to the response's X-Correlation-Id.
/// Returns the body.
export function ExpectProblem(reply, { status, type, instance }) {
  assert.equal(reply.status, status, `expected ${status}, got ${reply.Describe()}`);
  assert.match(reply.contentType, /^application\/problem\+json\b/i, `content-type of ${reply.Describe()}`);
  const problem = reply.body;
  assert.ok(problem && typeof problem === 'object', `problem body: ${reply.Describe()}`);
  assert.equal(problem.type, type, `problem type in ${reply.Describe()}`);
  assert.equal(problem.status, status, `problem status in ${reply.Describe()}`);
  assert.equal(typeof problem.title, 'string');
  assert.ok(problem.title.length > 0, 'problem title is empty');
  if (instance !== undefined) assert.equal(problem.instance, instance, `problem instance in ${reply.Describe()}`);
  assert.ok(reply.correlationId, 'X-Correlation-Id header missing');
  assert.equal(problem.traceId, reply.correlationId, 'traceId must equal X-Correlation-Id');
  return problem;
}

/// Asserts a 422 validation problem whose `errors` name exactly the `fields` given (each with a
/// non-empty message). Returns the body.
export function ExpectValidation(reply, instance, fields) {
  const problem = ExpectProblem(reply, { status: 422, type: '/problems/validation', instance });
  assert.ok(Array.isArray(problem.errors), `errors must be an array: ${reply.Describe()}`);
  for (const error of problem.errors) {
    assert.equal(typeof error.field, 'string', `error without field: ${JSON.stringify(error)}`);
    assert.equal(typeof error.message, 'string', `error without message: ${JSON.stringify(error)}`);
    assert.ok(error.message.length > 0, `empty message for ${error.field}`);
  }
  const named = [...new Set(problem.errors.map((error) => error.field))].sort();
  assert.deepEqual(named, [...fields].sort(), `fields named by ${reply.Describe()}`);
  return problem;
}

/// Asserts a 401 for a protected resource: problem+json `unauthorized` and a Bearer challenge.
export function ExpectUnauthorized(reply, instance) {
  const problem = ExpectProblem(reply, { status: 401, type: '/problems/unauthorized', instance });
  const challenge = reply.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /^Bearer\b/, `WWW-Authenticate of ${reply.Describe()}: "${challenge}"`);
  return problem;
}

// The platform's suites (health, audit, notes, ...) need an authenticated caller, whichever identity
// the service has: its own users (iam), or the tokens of a trusted issuer (lib/issuer.mjs,
// started with each server by lib/server.mjs). Both helpers answer the same shapes.
// rampart:begin(iam)
/// A unique, valid e-mail address.
export function UniqueEmail(prefix = 'user') {
  return `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
}

/// A unique password that satisfies the policy and never contains a UniqueEmail local part.
export function UniquePassword() {
  return `Correct-Horse-${randomBytes(8).toString('hex')}`;
}

/// Registers a user (asserting 201) and returns {email, password, displayName, user}.
export async function RegisterUser(api, overrides = {}) {
  const account = {
    email: UniqueEmail(),
    password: UniquePassword(),
    displayName: 'E2E User',
    ...overrides,
  };
  const reply = await api.Post('/api/v1/auth/register', account);
  const user = ExpectJson(reply, 201);
  return { ...account, user };
}

/// Logs in (asserting 200) and returns the token pair.
export async function Login(api, email, password) {
  return ExpectJson(await api.Post('/api/v1/auth/login', { email, password }), 200);
}

/// Registers a user and logs them in: {email, password, displayName, user, tokens}.
export async function SignedInUser(api, overrides = {}) {
  const account = await RegisterUser(api, overrides);
  const tokens = await Login(api, account.email, account.password);
  return { ...account, tokens };
}

/// A signed-in principal: a user registered and logged in. {id, token}.
export async function SignedInPrincipal(server) {
  const account = await SignedInUser(new Api(server.baseUrl));
  return { id: account.user.id, token: account.tokens.accessToken };
}

/// An access token of the first administrator (RAMPART_ADMIN_PASSWORD): every permission.
export async function AdminToken(server) {
  return (await Login(new Api(server.baseUrl), 'admin@localhost', server.adminPassword)).accessToken;
}
// rampart:else
// /// Every permission the service knows: what an administrator's token carries.
// export const kAdminPermissions = ['audit.read', 'system.read'];
//
// /// An authenticated principal: a token of the server's test issuer for a new subject, with
// /// `permissions` (none by default). {id, token}.
// export async function SignedInPrincipal(server, { permissions = [] } = {}) {
//   const id = randomUUID();
//   return { id, token: await server.issuer.Token({ sub: id, perm: permissions }) };
// }
//
// /// An access token of an administrator: every permission.
// export async function AdminToken(server) {
//   return server.issuer.Token({ perm: kAdminPermissions });
// }
// rampart:end

/// Decodes a compact JWS without verifying it: {header, payload, signature}.
export function DecodeJwt(token) {
  const [header, payload, signature] = token.split('.');
  const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload), signature };
}

/// Base64url of a JSON value, as in a JWS segment.
export function Base64UrlJson(value) {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
