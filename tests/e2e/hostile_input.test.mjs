// Hostile input over HTTP (docs/reliability.md#security-checks-as-tests): malformed request
// lines, request smuggling attempts (Content-Length with Transfer-Encoding, duplicates,
// obs-fold), oversized and truncated requests, invalid UTF-8 and NUL in JSON, huge numbers,
// deep nesting, and injection payloads in every parameter of every operation /openapi.json
// declares. Each is answered by a 4xx problem+json (or, for what is not HTTP at all, a 400 and
// a closed connection); nothing is a 5xx; a smuggled request is never answered; the server is
// alive afterwards and its log lines are each one JSON object (no line injected by a payload).
// The secret-leak check (lib/secrets.mjs) runs over the server's output when the file ends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

// rampart:begin(iam)
import { AdminToken, Api, ExpectJson, ExpectProblem, Login, UniquePassword } from './lib/client.mjs';
// rampart:else
// import { AdminToken, Api, ExpectJson, ExpectProblem, SignedInPrincipal } from './lib/client.mjs';
// rampart:end
import { RawConnection, RawExchange } from './lib/raw_http.mjs';
import { RampartServer } from './lib/server.mjs';

let server;
let api;
let admin; // an administrator's access token: the injection payloads reach the handlers

before(async () => {
  // Rate limits off: every payload must reach its handler, not a 429.
  server = await RampartServer.Start({ env: { RAMPART_RATE_LIMIT_ENABLED: 'false' } });
  api = new Api(server.baseUrl);
  admin = await AdminToken(server);
});
after(async () => {
  if (server) await server.Stop();
});

// The server process is running and answers.
async function ExpectAlive(what) {
  assert.equal(server.exit_, null, `the server exited after ${what}`);
  ExpectJson(await api.Get('/health/live'), 200);
}

// A raw request answered by a 4xx problem+json; returns the response.
async function ExpectRawProblem(data, what, { closed } = {}) {
  const response = await RawExchange(server.port, data);
  assert.ok(response.status >= 400 && response.status < 500, `${what}: ${response.status} ${response.text.slice(0, 200)}`);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/, `${what}: content type`);
  const problem = JSON.parse(response.text);
  assert.equal(problem.status, response.status, `${what}: problem status`);
  assert.match(problem.type, /^\/problems\/[a-z-]+$/, `${what}: problem type`);
  if (closed !== undefined) assert.equal(response.closed, closed, `${what}: connection closed`);
  return response;
}

// Sends `data` on one connection and returns every response the server sent before closing
// (or before `waitMs` of silence).
async function AllResponses(data, { waitMs = 800 } = {}) {
  const connection = await RawConnection.Open(server.port);
  const responses = [];
  try {
    await connection.Write(data);
    for (;;) {
      try {
        responses.push(await connection.ReadResponse({ timeoutMs: waitMs }));
      } catch {
        break; // closed, or nothing more within waitMs
      }
    }
  } finally {
    connection.Destroy();
  }
  return responses;
}

const kHost = 'Host: 127.0.0.1\r\n';
// A second request hidden in a body: answering it would be request smuggling.
const kSmuggled = `GET /api/v1/users HTTP/1.1\r\n${kHost}X-Correlation-Id: smuggled\r\n\r\n`;  // rampart:only(iam)
// The visible request of each smuggling attempt: a POST that needs no token.
const kVisible = 'POST /api/v1/auth/login';  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// const kSmuggled = `GET /api/v1/notes HTTP/1.1\r\n${kHost}X-Correlation-Id: smuggled\r\n\r\n`;
// // The visible request of each smuggling attempt: a POST (answered 401: no token).
// const kVisible = 'POST /api/v1/notes';
// rampart:end

describe('malformed request lines and headers', () => {
  const cases = {
    'no target': 'GET\r\n\r\n',
    'no version': 'GET /health/live\r\n\r\n',
    'three spaces': 'GET  /health/live  HTTP/1.1\r\nHost: a\r\n\r\n',
    'trailing token': 'GET /health/live HTTP/1.1 extra\r\nHost: a\r\n\r\n',
    'bad method characters': 'G(T /health/live HTTP/1.1\r\nHost: a\r\n\r\n',
    'unknown version': 'GET /health/live HTTP/3.7\r\nHost: a\r\n\r\n',
    'not HTTP': 'GET /health/live HTTQ/1.1\r\nHost: a\r\n\r\n',
    'NUL in the target': 'GET /health\0/live HTTP/1.1\r\nHost: a\r\n\r\n',
    'space before the colon (RFC 9112 §5.1)': `GET /health/live HTTP/1.1\r\n${kHost}Content-Length : 0\r\n\r\n`,
    'empty header name': `GET /health/live HTTP/1.1\r\n${kHost}: value\r\n\r\n`,
    'control character in a header value': `GET /health/live HTTP/1.1\r\n${kHost}X-A: a\x01b\r\n\r\n`,
    'bare CR in a header value': `GET /health/live HTTP/1.1\r\n${kHost}X-A: a\rb\r\n\r\n`,
    'NUL in a header value': `GET /health/live HTTP/1.1\r\n${kHost}X-A: a\0b\r\n\r\n`,
    'header name with a slash': `GET /health/live HTTP/1.1\r\n${kHost}X/A: b\r\n\r\n`,
    'unsafe path: NUL': 'GET /health/live%00 HTTP/1.1\r\nHost: a\r\n\r\n',
    'unsafe path: dot-dot': 'GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n',
    'unsafe path: encoded slash': 'GET /api/v1/users%2Fme HTTP/1.1\r\nHost: a\r\n\r\n',  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // 'unsafe path: encoded slash': 'GET /api/v1/notes%2Fmine HTTP/1.1\r\nHost: a\r\n\r\n',
    // rampart:end
    'malformed escape': 'GET /api/v1/%zz HTTP/1.1\r\nHost: a\r\n\r\n',
    'authority with userinfo': 'GET http://user@127.0.0.1/health/live HTTP/1.1\r\nHost: a\r\n\r\n',
    'Host with a path': 'GET /health/live HTTP/1.1\r\nHost: a/b\r\n\r\n',
  };
  for (const [what, data] of Object.entries(cases)) {
    it(`${what}: 400 problem`, async () => {
      const response = await ExpectRawProblem(data, what);
      assert.equal(response.status, 400, what);
    });
  }

  it('the server is alive after all of them', () => ExpectAlive('malformed requests'));
});

describe('request smuggling', () => {
  // Each request would, if framed differently by a proxy in front, hide kSmuggled in its body.
  const attempts = {
    'Content-Length and Transfer-Encoding: chunked': `${kVisible} HTTP/1.1\r\n${kHost}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${kSmuggled}`,
    'Transfer-Encoding then Content-Length': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: chunked\r\nContent-Length: ${5 + kSmuggled.length}\r\n\r\n0\r\n\r\n${kSmuggled}`,
    'two different Content-Lengths': `${kVisible} HTTP/1.1\r\n${kHost}Content-Length: 0\r\nContent-Length: ${kSmuggled.length}\r\n\r\n${kSmuggled}`,
    'a Content-Length list': `${kVisible} HTTP/1.1\r\n${kHost}Content-Length: 0, ${kSmuggled.length}\r\n\r\n${kSmuggled}`,
    'Transfer-Encoding: chunked, identity': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${kSmuggled}`,
    'Transfer-Encoding: xchunked': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${kSmuggled}`,
    'two Transfer-Encoding fields': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n${kSmuggled}`,
    'obs-fold in Transfer-Encoding': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n${kSmuggled}`,
    'obs-fold in Content-Length': `${kVisible} HTTP/1.1\r\n${kHost}Content-Length:\r\n 0\r\n\r\n${kSmuggled}`,
    'a negative Content-Length': `${kVisible} HTTP/1.1\r\n${kHost}Content-Length: -1\r\n\r\n${kSmuggled}`,
    'a Content-Length with a sign': `${kVisible} HTTP/1.1\r\n${kHost}Content-Length: +0\r\n\r\n${kSmuggled}`,
    'an overflowing Content-Length': `${kVisible} HTTP/1.1\r\n${kHost}Content-Length: 18446744073709551617\r\n\r\n${kSmuggled}`,
    'an overflowing chunk size': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nx\r\n0\r\n\r\n${kSmuggled}`,
    'a chunk size with a sign': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: chunked\r\n\r\n-0\r\n\r\n${kSmuggled}`,
    'a chunk without its CRLF': `${kVisible} HTTP/1.1\r\n${kHost}Transfer-Encoding: chunked\r\n\r\n2\r\nab0\r\n\r\n${kSmuggled}`,
    'LF-only line ends': `${kVisible} HTTP/1.1\n${kHost.trim()}\nTransfer-Encoding: chunked\n\n0\n\n${kSmuggled}`,
    'chunked in HTTP/1.0': `${kVisible} HTTP/1.0\r\n${kHost}Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n0\r\n\r\n${kSmuggled}`,
  };
  for (const [what, data] of Object.entries(attempts)) {
    it(`${what}: refused or framed one way, the hidden request never answered`, async () => {
      const responses = await AllResponses(data);
      assert.ok(responses.length >= 1, `${what}: no answer at all`);
      for (const response of responses) {
        assert.ok(response.status < 500, `${what}: ${response.status} ${response.text.slice(0, 200)}`);
        assert.notEqual(response.headers['x-correlation-id'], 'smuggled', `${what}: the smuggled request was answered`);
        if (response.status >= 400) {
          assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/, what);
        }
      }
      // The hidden request would have been a 401 (no token); only a 400 (refused) or the answer
      // to the visible request may come back, and after a refusal nothing else.
      if (responses[0].status === 400) assert.equal(responses.length, 1, `${what}: answered after a 400`);
    });
  }

  it('a folded ordinary header is refused or read as one line', async () => {
    const responses = await AllResponses(`GET /health/live HTTP/1.1\r\n${kHost}X-Correlation-Id: a\r\n b\r\nConnection: close\r\n\r\n`);
    assert.equal(responses.length, 1);
    assert.ok([200, 400].includes(responses[0].status), `obs-fold: ${responses[0].status}`);
  });

  it('the server is alive after all of them', () => ExpectAlive('smuggling attempts'));
});

describe('oversized and truncated requests', () => {
  it('a request target of 20 KiB is refused (431), not parsed', async () => {
    await ExpectRawProblem(`GET /api/v1/users?search=${'a'.repeat(20 * 1024)} HTTP/1.1\r\n${kHost}\r\n`, 'long target');  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // await ExpectRawProblem(`GET /api/v1/notes?page=${'1'.repeat(20 * 1024)} HTTP/1.1\r\n${kHost}\r\n`, 'long target');
    // rampart:end
  });

  it('a header line of 64 KiB is refused (431)', async () => {
    const response = await ExpectRawProblem(`GET /health/live HTTP/1.1\r\n${kHost}X-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`, 'long header');
    assert.equal(response.status, 431);
  });

  // rampart:begin(iam)
  it('a body cut short is never handled: the account it would create does not exist', async () => {
    const email = `truncated-${Date.now()}@example.com`;
    const body = JSON.stringify({ email, password: UniquePassword(), displayName: 'Cut' });
    const connection = await RawConnection.Open(server.port);
    try {
      await connection.Write(`POST /api/v1/auth/register HTTP/1.1\r\n${kHost}Content-Type: application/json\r\nContent-Length: ${body.length + 10}\r\n\r\n${body}`);
      connection.socket.end(); // the client gives up: FIN in the middle of the body
      await connection.WaitClosed(3000);
    } finally {
      connection.Destroy();
    }
    // Registering the same address now succeeds: the cut request created nothing.
    ExpectJson(await api.Post('/api/v1/auth/register', { email, password: UniquePassword(), displayName: 'Whole' }), 201);
  });

  it('a chunked body cut short is never handled either', async () => {
    const connection = await RawConnection.Open(server.port);
    try {
      await connection.Write(`PATCH /api/v1/users/me HTTP/1.1\r\n${kHost}Authorization: Bearer ${admin}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1b\r\n{"displayName":"Truncated"}\r\n`);
      connection.socket.end();
      await connection.WaitClosed(3000);
    } finally {
      connection.Destroy();
    }
    const me = ExpectJson(await api.Get('/api/v1/users/me', { token: admin }), 200);
    assert.notEqual(me.displayName, 'Truncated');
  });
  // rampart:else
  // it('a body cut short is never handled: the note it would create does not exist', async () => {
  //   const caller = await SignedInPrincipal(server);
  //   const body = JSON.stringify({ title: 'Cut', body: 'never stored' });
  //   const connection = await RawConnection.Open(server.port);
  //   try {
  //     await connection.Write(`POST /api/v1/notes HTTP/1.1\r\n${kHost}Authorization: Bearer ${caller.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 10}\r\n\r\n${body}`);
  //     connection.socket.end(); // the client gives up: FIN in the middle of the body
  //     await connection.WaitClosed(3000);
  //   } finally {
  //     connection.Destroy();
  //   }
  //   // The caller has no note: the cut request created nothing.
  //   assert.equal(ExpectJson(await api.Get('/api/v1/notes', { token: caller.token }), 200).total, 0);
  // });
  //
  // it('a chunked body cut short is never handled either', async () => {
  //   const caller = await SignedInPrincipal(server);
  //   const note = ExpectJson(await api.Post('/api/v1/notes', { title: 'Whole' }, { token: caller.token }), 201);
  //   const connection = await RawConnection.Open(server.port);
  //   try {
  //     await connection.Write(`PATCH /api/v1/notes/${note.id} HTTP/1.1\r\n${kHost}Authorization: Bearer ${caller.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n15\r\n{"title":"Truncated"}\r\n`);
  //     connection.socket.end();
  //     await connection.WaitClosed(3000);
  //   } finally {
  //     connection.Destroy();
  //   }
  //   const read = ExpectJson(await api.Get(`/api/v1/notes/${note.id}`, { token: caller.token }), 200);
  //   assert.equal(read.title, 'Whole');
  // });
  // rampart:end

  it('the server is alive after them', () => ExpectAlive('oversized requests'));
});

describe('hostile JSON', () => {
  // rampart:begin(iam)
  const kTarget = '/api/v1/auth/register';
  const Raw = (body) => api.Request('POST', kTarget, { body, headers: { 'content-type': 'application/json' } });
  const Send = (json) => api.Post(kTarget, json);
  const password = UniquePassword();

  const invalid = {
    'invalid UTF-8 in a string': Buffer.concat([Buffer.from('{"email":"a'), Buffer.from([0xff, 0xfe]), Buffer.from(`@example.com","password":"${password}","displayName":"x"}`)]),
    'an overlong UTF-8 encoding': Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('@example.com"}')]),
    'a raw NUL in a string': `{"email":"a\0b@example.com","password":"${password}","displayName":"x"}`,
    'a lone surrogate escape': `{"email":"\\ud800@example.com","password":"${password}","displayName":"x"}`,
    'nesting 100,000 deep': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    'an object nested 10,000 deep in a field': `{"email":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    'trailing garbage': `{"email":"a@example.com"} {"email":"b@example.com"}`,
    'a comment': '{"email":"a@example.com" /* hi */}',
    'a truncated document': '{"email":"a@example.com","password":',
    'a top-level array': '[{"email":"a@example.com"}]',
  };
  // rampart:else
  // // A note's fields, sent by an authenticated caller (the administrator's token).
  // const kTarget = '/api/v1/notes';
  // const Raw = (body) => api.Request('POST', kTarget, { body, token: admin, headers: { 'content-type': 'application/json' } });
  // const Send = (json) => api.Post(kTarget, json, { token: admin });
  //
  // const invalid = {
  //   'invalid UTF-8 in a string': Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b","body":"x"}')]),
  //   'an overlong UTF-8 encoding': Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
  //   'a raw NUL in a string': '{"title":"a\0b","body":"x"}',
  //   'a lone surrogate escape': '{"title":"\\ud800","body":"x"}',
  //   'nesting 100,000 deep': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  //   'an object nested 10,000 deep in a field': `{"title":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
  //   'trailing garbage': '{"title":"a"} {"title":"b"}',
  //   'a comment': '{"title":"a" /* hi */}',
  //   'a truncated document': '{"title":"a","body":',
  //   'a top-level array': '[{"title":"a"}]',
  // };
  // rampart:end
  for (const [what, body] of Object.entries(invalid)) {
    it(`${what}: 400 bad-request`, async () => {
      ExpectProblem(await Raw(body), { status: 400, type: '/problems/bad-request', instance: kTarget });
    });
  }

  // rampart:begin(iam)
  const unacceptable = {
    'an escaped NUL in the address': { email: 'a\u0000b@example.com', password, displayName: 'x' },
    'an escaped NUL in the display name': { email: `n-${Date.now()}@example.com`, password, displayName: 'a\u0000b' },
    'a huge integer for a string': { email: 123456789012345678901234567890, password, displayName: 'x' },
    'a 1 MB string': { email: `${'a'.repeat(1000 * 1000)}@example.com`, password, displayName: 'x' },
    'an array for a string': { email: ['a@example.com'], password, displayName: 'x' },
    'an object for a string': { email: { $ne: null }, password, displayName: 'x' },
  };
  const kTooLarge = `{"email":1e999999,"password":"${password}"}`;
  // rampart:else
  // const unacceptable = {
  //   'an escaped NUL in the title': { title: 'a\u0000b', body: 'x' },
  //   'an escaped NUL in the body': { title: 'x', body: 'a\u0000b' },
  //   'a huge integer for a string': { title: 123456789012345678901234567890, body: 'x' },
  //   'a 1 MB string': { title: 'x', body: 'a'.repeat(1000 * 1000) },
  //   'an array for a string': { title: ['a'], body: 'x' },
  //   'an object for a string': { title: { $ne: null }, body: 'x' },
  // };
  // const kTooLarge = '{"title":1e999999,"body":"x"}';
  // rampart:end
  // Valid JSON whose number no double holds: refused as a document (400) or as a field (422).
  it('a number too large for a double: 400 or 422 problem', async () => {
    const reply = await Raw(kTooLarge);
    assert.ok([400, 422].includes(reply.status), reply.Describe());
    ExpectProblem(reply, { status: reply.status, type: reply.body?.type, instance: kTarget });
  });

  for (const [what, json] of Object.entries(unacceptable)) {
    it(`${what}: 4xx problem`, async () => {
      const reply = await Send(json);
      assert.ok([400, 413, 422].includes(reply.status), `${what}: ${reply.Describe()}`);
      ExpectProblem(reply, { status: reply.status, type: reply.body?.type, instance: kTarget });
    });
  }

  it('huge numbers and negative pages in query parameters are 4xx problems', async () => {
    for (const query of ['page=99999999999999999999999', 'pageSize=-1', 'page=1e3', 'pageSize=1000000', 'page=NaN', 'from=9999-99-99T99:99:99Z']) {
      const path = query.startsWith('from') ? `/api/v1/audit-events?${query}` : `/api/v1/users?${query}`;  // rampart:only(iam)
      // rampart:begin(iam)
      // rampart:else
      // const path = query.startsWith('from') ? `/api/v1/audit-events?${query}` : `/api/v1/notes?${query}`;
      // rampart:end
      const reply = await api.Get(path, { token: admin });
      assert.ok(reply.status >= 400 && reply.status < 500, `${query}: ${reply.Describe()}`);
      ExpectProblem(reply, { status: reply.status, type: reply.body?.type });
    }
  });

  it('the server is alive after them', () => ExpectAlive('hostile JSON'));
});

describe('injection payloads in every parameter of every operation', () => {
  // Each goes into every path parameter, query parameter and string body field.
  const kMarker = 'INJECTED-LOG-LINE';
  const kPayloads = [
    "' OR '1'='1' --",
    '"; DROP TABLE users; --',
    "1' UNION SELECT password_hash FROM users --",
    '../../../../etc/passwd',
    '<script>alert(1)</script>',
    '${jndi:ldap://127.0.0.1/x}',
    '{{7*7}}',
    '%00%0d%0aSet-Cookie: a=b',
    `x\n{"level":"error","message":"${kMarker}"}\n`,
    '\u202e\u0000\u2028',
    '*)(uid=*))(|(uid=*',
    'A'.repeat(5000),
  ];
  // rampart:begin(iam)
  // Operations that would end the caller's own session or lock it out (a wrong current
  // password counts toward the lockout): their payload handling is covered by their own suites.
  const kSkipped = new Set(['POST /api/v1/users/me/password', 'POST /api/v1/auth/logout-all']);
  // rampart:else
  // const kSkipped = new Set();
  // rampart:end

  it('no payload gets a 5xx or a malformed error, and every table is still there', async () => {
    const document = ExpectJson(await api.Get('/openapi.json'), 200);
    let requests = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${template}`;
        if (kSkipped.has(name) || !['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const query_names = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const schema_ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = schema_ref ? document.components.schemas[schema_ref.split('/').pop()] : undefined;
        const fields = Object.entries(schema?.properties ?? {});
        for (const payload of kPayloads) {
          const path = template.replace(/\{[^}]+\}/g, encodeURIComponent(payload));
          const query = query_names.map((q) => `${q}=${encodeURIComponent(payload)}`).join('&');
          const body = {};
          for (const [field, spec] of fields) {
            body[field] = spec.type === 'array' ? [payload] : spec.type === 'boolean' ? true : payload;
          }
          const reply = await api.Request(method.toUpperCase(), query ? `${path}?${query}` : path, {
            token: admin,
            ...(schema ? { json: body } : {}),
            // The payloads stand in "password" fields but are public test strings, echoed in
            // access-log paths: not secrets for the leak check (the admin's token still is).
            recordSecrets: false,
            headers: { 'user-agent': payload.slice(0, 200).replace(/[^\x20-\x7e]/g, ' ') },
          });
          ++requests;
          assert.ok(reply.status < 500, `${name} with ${JSON.stringify(payload.slice(0, 40))}: ${reply.Describe()}`);
          // rampart:begin(iam)
          // The e-mail link pages (/verify-email, /reset-password: outside /api) answer a browser
          // with an HTML page, refusals included.
          const html_page = reply.contentType.startsWith('text/html') && !template.startsWith('/api/');
          // POST /oauth/token answers errors in RFC 6749 §5.2's own JSON shape, not problem+json.
          const oauth_error = template === '/oauth/token' && reply.status === 400 &&
            reply.contentType.startsWith('application/json') && typeof reply.body?.error === 'string';
          if (reply.status >= 400 && !html_page && !oauth_error) {
            ExpectProblem(reply, { status: reply.status, type: reply.body?.type });
          }
          // rampart:else
          // if (reply.status >= 400) ExpectProblem(reply, { status: reply.status, type: reply.body?.type });
          // rampart:end
        }
      }
    }
    assert.ok(requests > 100, `only ${requests} requests: was /openapi.json read?`);

    // rampart:begin(iam)
    // The administrator still signs in and the users table still answers.
    const again = await Login(api, 'admin@localhost', server.adminPassword);
    const page = ExpectJson(await api.Get('/api/v1/users?pageSize=1', { token: again.accessToken }), 200);
    assert.ok(page.total >= 1);
    // rampart:else
    // // The notes and audit tables still answer.
    // ExpectJson(await api.Get('/api/v1/notes?pageSize=1', { token: admin }), 200);
    // const page = ExpectJson(await api.Get('/api/v1/audit-events?pageSize=1', { token: admin }), 200);
    // assert.ok(page.total >= 1);
    // rampart:end
    await ExpectAlive('injection payloads');

    // No payload wrote a log line of its own: every line is one JSON object.
    for (const line of server.stdoutLines) {
      if (!line.trim().startsWith('{')) continue; // the one-time banner lines, if any
      const entry = JSON.parse(line);
      assert.notEqual(entry.message, kMarker, `a payload injected a log line: ${line.slice(0, 200)}`);
    }
    assert.ok(!server.stdoutLines.some((line) => line.startsWith(`{"level":"error","message":"${kMarker}"`)));
  });
});
