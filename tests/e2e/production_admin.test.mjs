// Production never generates and prints the first administrator's password (issue 17,
// defect 2): stderr is the log pipeline there. Without RAMPART_ADMIN_PASSWORD[_FILE] it starts
// without an administrator and says how to create one; `rampart admin create` then does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Api, Login, UniquePassword } from './lib/client.mjs';
import { ProductionEnv } from './lib/production.mjs';
import { RampartServer, RunCli } from './lib/server.mjs';

describe('production start without an administrator password', () => {
  it('prints no password, warns how to create an administrator, and admin create works', async () => {
    const env = ProductionEnv();
    const server = await RampartServer.Start({ adminPassword: null, env });
    try {
      const warning = JSON.parse(await server.WaitForLine((line) => line.includes('no administrator exists')));
      assert.equal(warning.level, 'warn');
      assert.match(warning.msg, /RAMPART_ADMIN_PASSWORD/);
      assert.match(warning.msg, /rampart admin create/);
      assert.ok(!server.allLines.some((line) => /Generated password|Created the first administrator/.test(line)), server.Tail());

      const password = UniquePassword();
      const created = await RunCli(['admin', 'create', '--email', 'ops@example.com', '--password-stdin'], {
        env: { ...env, RAMPART_DATA_DIR: server.dataDir, RAMPART_DATABASE_URL: server.databaseUrl },
        input: `${password}\n`,
      });
      assert.equal(created.code, 0, created.stderr);
      const tokens = await Login(new Api(server.baseUrl), 'ops@example.com', password);
      assert.ok(tokens.accessToken);
    } finally {
      await server.Stop();
    }
  });

  it('with RAMPART_ADMIN_PASSWORD it creates the administrator as before, printing nothing', async () => {
    const server = await RampartServer.Start({ env: ProductionEnv() });
    try {
      await server.WaitForLine((line) => line.includes('created the first administrator'));
      assert.ok(!server.allLines.some((line) => /Generated password|no administrator exists/.test(line)), server.Tail());
      await Login(new Api(server.baseUrl), 'admin@localhost', server.adminPassword);
    } finally {
      await server.Stop();
    }
  });
});
