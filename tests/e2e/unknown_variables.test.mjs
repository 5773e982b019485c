// A misspelt RAMPART_* variable through the real binary: a development server starts (on what
// the typo left at its default) and says which setting was probably meant; production refuses
// to start with one line per unknown variable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RampartServer, RunCli } from './lib/server.mjs';

describe('unknown RAMPART_* variables', () => {
  it('development: one warning per variable naming the closest setting', async () => {
    const server = await RampartServer.Start({
      env: { RAMPART_DATABSE_URL: 'sqlite:///nowhere/x.db', RAMPART_LOG_LEVL: 'debug' },  // rampart:only(sqlite)
      // rampart:begin(sqlite)
      // rampart:else
      // env: { RAMPART_DATABSE_URL: 'postgresql://nowhere/x', RAMPART_LOG_LEVL: 'debug' },
      // rampart:end
    });
    try {
      const database = JSON.parse(await server.WaitForLine((line) => line.includes('"variable":"RAMPART_DATABSE_URL"')));
      assert.equal(database.level, 'warn');
      assert.equal(database.didYouMean, 'RAMPART_DATABASE_URL');
      assert.match(database.msg, /did you mean RAMPART_DATABASE_URL\?/);
      const level = JSON.parse(await server.WaitForLine((line) => line.includes('"variable":"RAMPART_LOG_LEVL"')));
      assert.equal(level.didYouMean, 'RAMPART_LOG_LEVEL');
      // Known variables (the harness sets a dozen) are not reported.
      assert.equal(server.allLines.filter((line) => line.includes('is not a setting of rampart')).length, 2);
    } finally {
      await server.Stop();
    }
  });

  it('production: refuses to start, one line per variable', async () => {
    const result = await RunCli(['serve'], {
      env: { RAMPART_ENV: 'production', RAMPART_DATABSE_URL: 'sqlite:///nowhere/rampart.db' },  // rampart:only(sqlite)
      // rampart:begin(sqlite)
      // rampart:else
      // env: { RAMPART_ENV: 'production', RAMPART_DATABSE_URL: 'postgresql://nowhere/rampart' },
      // rampart:end
    });
    assert.equal(result.code, 2);
    const lines = result.stderr.split('\n').filter((line) => line.includes('RAMPART_DATABSE_URL'));
    assert.deepEqual(lines, [
      'production: RAMPART_DATABSE_URL is not a setting of rampart (did you mean RAMPART_DATABASE_URL?): ' +
        'production refuses environment variables it does not know; fix or unset it',
    ]);
  });
});
