// GET /docs: Swagger UI served from the binary (no CDN), its files with the right content types,
// and the one relaxed Content-Security-Policy that lets exactly them run, while the feature flag
// docs.ui is on (development and staging profiles); 404 while it is off (the default).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Api, ExpectJson, ExpectProblem } from './lib/client.mjs';
import { RampartServer } from './lib/server.mjs';

const kDenyAll = "default-src 'none'; frame-ancestors 'none'";

// The directives of a CSP header as {name: [sources]}.
function ParseCsp(header) {
  const directives = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives[name] = sources;
  }
  return directives;
}

describe('GET /docs (Swagger UI)', () => {
  let server;
  let api;
  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_FEATURES_DOCS_UI: 'true' } });
    api = new Api(server.baseUrl);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('serves an HTML page that loads only same-origin files, under a narrow CSP', async () => {
    const reply = await api.Get('/docs');
    assert.equal(reply.status, 200, reply.Describe());
    assert.match(reply.contentType, /^text\/html; charset=utf-8$/);
    const html = reply.text;
    assert.match(html, /<div id="swagger-ui"><\/div>/);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(sources.sort(), ['docs/favicon-32x32.png', 'docs/swagger-initializer.js', 'docs/swagger-ui-bundle.js', 'docs/swagger-ui.css']);
    assert.ok(!/<script>|<script [^>]*>[^<]+<\/script>/.test(html), 'no inline script');
    assert.ok(!/\bstyle=/.test(html), 'no inline style');
    const csp = ParseCsp(reply.headers.get('content-security-policy'));
    assert.deepEqual(csp['default-src'], ["'none'"]);
    assert.deepEqual(csp['script-src'], ["'self'"]);
    assert.deepEqual(csp['style-src'], ["'self'"]);
    assert.deepEqual(csp['connect-src'], ["'self'"]);
    assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
    for (const sources of Object.values(csp)) {
      for (const source of sources) assert.ok(!/unsafe|\*|https?:/.test(source), `CSP allows ${source}`);
    }
    assert.equal(reply.headers.get('x-frame-options'), 'DENY');
    assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
  });

  it('serves each file the page names with its content type and the same CSP', async () => {
    const page = await api.Get('/docs');
    const expected = {
      'docs/swagger-ui-bundle.js': /^text\/javascript; charset=utf-8$/,
      'docs/swagger-initializer.js': /^text\/javascript; charset=utf-8$/,
      'docs/swagger-ui.css': /^text\/css; charset=utf-8$/,
      'docs/favicon-32x32.png': /^image\/png$/,
    };
    for (const [path, type] of Object.entries(expected)) {
      const url = new URL(path, `${server.baseUrl}/docs`);
      const reply = await api.Get(url.pathname);
      assert.equal(reply.status, 200, `${url.pathname}: ${reply.Describe()}`);
      assert.match(reply.contentType, type, url.pathname);
      assert.equal(reply.headers.get('content-security-policy'), page.headers.get('content-security-policy'), url.pathname);
      assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
    }
    const bundle = (await api.Get('/docs/swagger-ui-bundle.js')).text;
    assert.ok(bundle.length > 500_000, `bundle of ${bundle.length} bytes`);
    assert.match(bundle, /SwaggerUIBundle/);
    const initializer = (await api.Get('/docs/swagger-initializer.js')).text;
    assert.match(initializer, /openapi\.json/);
    assert.match(initializer, /validatorUrl: null/);
    assert.ok(!/https?:\/\//.test(initializer), 'the initializer names no other origin');
    const css = (await api.Get('/docs/swagger-ui.css')).text;
    assert.match(css, /\.swagger-ui/);
    // Whatever the stylesheet loads (url(...)) is data: or same-origin: allowed by img-src.
    for (const [, target] of css.matchAll(/url\(\s*["']?([^"')]+)/g)) {
      assert.ok(target.startsWith('data:') || !/^[a-z]+:/i.test(target), `css loads ${target.slice(0, 40)}`);
    }
    const png = await fetch(`${server.baseUrl}/docs/favicon-32x32.png`);
    const bytes = Buffer.from(await png.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('answers 404 problem+json for any other file and keeps the deny-all CSP elsewhere', async () => {
    ExpectProblem(await api.Get('/docs/index.html'), { status: 404, type: '/problems/not-found', instance: '/docs/index.html' });
    // A dot-dot segment never reaches the handler: the server refuses such a target (400).
    ExpectProblem(await api.Get('/docs/..%2Fopenapi.json'), { status: 400, type: '/problems/bad-request' });
    const other = await api.Get('/openapi.json');
    assert.equal(other.headers.get('content-security-policy'), kDenyAll);
    const doc = ExpectJson(other, 200);
    assert.ok(doc.paths['/docs']?.get, '/docs in /openapi.json');
  });
});

describe('features.docs.ui', () => {
  it('off (the default): /docs and its files answer 404; the operation stays documented', async () => {
    const server = await RampartServer.Start();
    try {
      const api = new Api(server.baseUrl);
      ExpectProblem(await api.Get('/docs'), { status: 404, type: '/problems/not-found', instance: '/docs' });
      ExpectProblem(await api.Get('/docs/swagger-ui-bundle.js'), { status: 404, type: '/problems/not-found' });
      const doc = ExpectJson(await api.Get('/openapi.json'), 200);
      assert.ok(doc.paths['/docs'].get.responses['404'], 'the 404 of a switched-off explorer is documented');
    } finally {
      await server.Stop();
    }
  });
});
