// The OpenAPI document as a client generator sees it (docs/api-docs.md#client-generators):
// GET /openapi.json of the real binary linted by `redocly lint` with the recommended rules
// (redocly.yaml), turned into TypeScript types by openapi-typescript, and a client written
// against those types with openapi-fetch (client_flow.ts, compiled by tsc) registers, logs in
// and reads the signed-in user.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

import openapiTS, { astToString } from 'openapi-typescript';

import { UniqueEmail, UniquePassword } from '../e2e/lib/client.mjs';
import { RampartServer } from '../e2e/lib/server.mjs';

const kHere = dirname(fileURLToPath(import.meta.url));
const kGenerated = join(kHere, 'generated');
const kBin = join(kHere, 'node_modules', '.bin');
const Run = promisify(execFile);

let server;
let document;

before(async () => {
  server = await RampartServer.Start();
  const reply = await fetch(`${server.baseUrl}/openapi.json`);
  assert.equal(reply.status, 200);
  document = await reply.json();
  rmSync(kGenerated, { recursive: true, force: true });
  mkdirSync(kGenerated, { recursive: true });
  writeFileSync(join(kGenerated, 'openapi.json'), JSON.stringify(document, null, 2));
});
after(async () => {
  if (server) await server.Stop();
});

describe('the OpenAPI document for client generators', () => {
  it('names every operation with a unique camelCase operationId', () => {
    const seen = new Map();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        assert.match(operation.operationId ?? '', /^[a-z][A-Za-z0-9]*$/, where);
        assert.ok(!seen.has(operation.operationId), `${where} repeats ${seen.get(operation.operationId)}`);
        seen.set(operation.operationId, where);
        assert.ok(Array.isArray(operation.security), `${where} declares no security`);
      }
    }
    assert.equal(document.paths['/api/v1/auth/register'].post.operationId, 'registerUser');
    assert.deepEqual(document.paths['/api/v1/auth/register'].post.security, []);
  });

  it('passes `redocly lint` with the recommended rules: no error, no warning', async () => {
    // No telemetry, no update check: CI reaches the npm registry only.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const lint = await Run(
      join(kBin, 'redocly'),
      ['lint', join(kGenerated, 'openapi.json'), '--config', join(kHere, 'redocly.yaml'), '--format=json'],
      { env, maxBuffer: 64 << 20 },
    ).catch((failure) => failure);
    const report = JSON.parse(lint.stdout);
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 });
    assert.equal(lint.code ?? 0, 0, lint.stderr);
  });

  it('drives register, login and GET /users/me through a generated client', async () => {
    // openapi-typescript: the document → generated/schema.d.ts; tsc type-checks client_flow.ts
    // against it and emits generated/out/client_flow.js, which then runs against the server.
    writeFileSync(join(kGenerated, 'schema.d.ts'), astToString(await openapiTS(document)));
    const tsc = await Run(join(kBin, 'tsc'), ['-p', join(kHere, 'tsconfig.json')]).catch((f) => f);
    assert.equal(tsc.code ?? 0, 0, `${tsc.stdout}${tsc.stderr}`);

    const { RegisterLoginReadMe } = await import(pathToFileURL(join(kGenerated, 'out', 'client_flow.js')));
    const account = { email: UniqueEmail('generated'), password: UniquePassword(), displayName: 'Generated Client' };
    const result = await RegisterLoginReadMe(server.baseUrl, account);
    assert.equal(result.registered.email, account.email);
    assert.equal(result.me.id, result.registered.id);
    assert.equal(result.me.displayName, account.displayName);
    assert.equal(result.tokenType, 'Bearer');
  });
});
