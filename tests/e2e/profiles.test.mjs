// Environment profiles (docs/configuration.md#environment-profiles): RAMPART_ENV selects
// config/rampart.<env>.toml over config/rampart.toml, and `rampart config check` shows each
// value with the file and line it came from.
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

import { RunCli } from './lib/server.mjs';

const kConfigDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../config');

// `config check` of the repository's profiles: {code, values: {key: {value, source}}}.
async function ConfigCheck(env, more = {}) {
  const result = await RunCli(['config', 'check', '--config-dir', kConfigDir], { env: { RAMPART_ENV: env, ...more } });
  const values = {};
  for (const line of result.stdout.split('\n')) {
    const match = /^(\S+)\s+= (.*)  \((.*)\)$/.exec(line);
    if (match) values[match[1]] = { value: match[2], source: match[3] };
  }
  return { ...result, values };
}

function ExpectFrom(values, key, value, file) {
  assert.ok(values[key], `${key} missing from config check`);
  assert.equal(values[key].value, value, key);
  assert.match(values[key].source, new RegExp(`^${join(kConfigDir, file).replace(/[.]/g, '\\.')}:\\d+$`), key);
}

describe('environment profiles', () => {
  it('RAMPART_ENV=staging: config check shows the staging values and their file', async () => {
    const { code, stdout, values } = await ConfigCheck('staging');
    assert.equal(code, 0, stdout);
    assert.equal(values.env.value, 'staging');
    assert.equal(values.env.source, 'RAMPART_ENV');
    ExpectFrom(values, 'log.format', 'json', 'rampart.staging.toml');
    ExpectFrom(values, 'log.level', 'info', 'rampart.staging.toml');
    ExpectFrom(values, 'features.docs.ui', 'true', 'rampart.staging.toml');
    ExpectFrom(values, 'auth.access_token_ttl', '5m', 'rampart.staging.toml');  // rampart:only(iam)
    ExpectFrom(values, 'server.listen', '0.0.0.0:8080', 'rampart.staging.toml');
    assert.equal(values['cors.origins'].source, 'default');
    assert.equal(values['rate_limit.auth_limit'].value, '10');  // rampart:only(iam)
    // Staging is not production: what production would refuse is a note, not an error.
    assert.match(stdout, /^note \(production would refuse\): .*features\.docs\.ui is true/m);
  });

  it('development (the default environment) and production differ where the table says', async () => {
    const development = await ConfigCheck('development');
    assert.equal(development.code, 0, development.stdout);
    ExpectFrom(development.values, 'log.format', 'text', 'rampart.development.toml');
    ExpectFrom(development.values, 'features.docs.ui', 'true', 'rampart.development.toml');
    ExpectFrom(development.values, 'rate_limit.auth_limit', '100', 'rampart.development.toml');  // rampart:only(iam)
    ExpectFrom(development.values, 'cors.origins', 'http://localhost:5173,http://localhost:3000', 'rampart.development.toml');

    // The production profile wants a scrape token (a secret: from the environment).
    const without_token = await ConfigCheck('production');
    assert.equal(without_token.code, 2);
    assert.match(without_token.stderr, /rampart\.production\.toml:\d+: telemetry\.metrics_access: .*RAMPART_METRICS_TOKEN/);
    const production = await ConfigCheck('production', { RAMPART_METRICS_TOKEN: 'scrape-token-0123456789' });
    // The repository's profile alone is not a deployment: production lists what is missing
    // (the one validation path: every refusal on stderr, exit 2).
    assert.equal(production.code, 2);
    ExpectFrom(production.values, 'features.docs.ui', 'false', 'rampart.production.toml');
    ExpectFrom(production.values, 'telemetry.metrics_access', 'token', 'rampart.production.toml');
    ExpectFrom(production.values, 'auth.access_token_ttl', '5m', 'rampart.production.toml');  // rampart:only(iam)
    assert.match(production.stderr, /^production: database\.url is SQLite/m);  // rampart:only(sqlite)
  });
});
