// The GitHub workflows, validated against GitHub's workflow schema by @action-validator/cli,
// and the pipeline's promises: CI runs the README's test command, no step holds AWS access keys
// (OIDC roles only), and prod is deployed only after staging, which is deployed after dev.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKFLOWS = path.resolve(HERE, '../../.github/workflows');
const VALIDATOR = path.join(HERE, 'node_modules/.bin/action-validator');
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (f) => readFileSync(path.join(WORKFLOWS, f), 'utf8');

describe('GitHub workflows', () => {
  it('are the CI, delivery, per-environment deployment and drift workflows', () => {
    assert.deepEqual(files, ['ci.yml', 'deliver.yml', 'deploy-environment.yml', 'drift.yml']);
  });

  for (const file of files) {
    it(`${file} is a valid workflow (action-validator)`, () => {
      const result = spawnSync(VALIDATOR, [path.join(WORKFLOWS, file)], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
    });
  }

  it('CI runs the README\'s test command and the deployment checks', () => {
    const ci = read('ci.yml');
    const readme = readFileSync(path.resolve(HERE, '../../README.md'), 'utf8');
    assert.match(readme, /^make test /m, 'the README names make test');
    assert.match(ci, /run: make test$/m);
    assert.match(ci, /run: make deploy-check$/m);
  });

  it('authenticates to AWS through OIDC roles, never with stored access keys', () => {
    for (const file of files) {
      const text = read(file);
      assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS_/i, file);
      if (/configure-aws-credentials/.test(text)) {
        assert.match(text, /id-token: write/, `${file} must ask for the OIDC token`);
        assert.match(text, /role-to-assume:/, file);
      }
    }
  });

  it('promotes one image dev → staging → prod, each in its GitHub environment (approvals), and checks drift with -detailed-exitcode', () => {
    const deliver = read('deliver.yml');
    assert.match(deliver, /\n {2}staging:\n {4}needs: \[image, dev\]/);
    assert.match(deliver, /\n {2}prod:\n {4}needs: \[image, staging\]/);
    assert.match(read('deploy-environment.yml'), /environment:\n\s+name: \$\{\{ inputs\.environment \}\}/);
    assert.match(read('drift.yml'), /schedule:/);
    assert.match(read('drift.yml'), /-detailed-exitcode/);
  });
});
