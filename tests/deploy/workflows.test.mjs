// The GitHub workflows, validated against GitHub's workflow schema by @action-validator/cli,
// and the pipeline's promises: CI runs the README's test command, no step holds AWS access keys
// (OIDC roles only), prod is deployed only after staging, which is deployed after dev, and every
// terraform run is the one root (deploy/terraform/service) with the environment's own files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKFLOWS = path.resolve(HERE, '../../.github/workflows');
const VALIDATOR = path.join(HERE, 'node_modules/.bin/action-validator');
const TERRAFORM = path.resolve(HERE, '../../deploy/terraform');
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

  it('runs terraform in deploy/terraform/service with the environment\'s files: init with its backend file, plan and apply with its values', () => {
    const environment = String.raw`\$\{\{ (?:inputs|matrix)\.environment \}\}`;
    let runs = 0;
    for (const file of files) {
      const text = read(file);
      const commands = text.replace(/\\\n\s*/g, ' ').split('\n').map((line) => line.trim())
        .filter((line) => /^terraform (init|plan|apply)\b/.test(line));
      if (commands.length > 0) assert.match(text, /working-directory: deploy\/terraform\/service$/m, file);
      for (const command of commands) {
        runs++;
        const wanted = command.startsWith('terraform init')
          ? new RegExp(`-backend-config="\\.\\./envs/${environment}\\.backend\\.hcl"`)
          : new RegExp(`-var-file="\\.\\./envs/${environment}\\.tfvars"`);
        assert.match(command, wanted, `${file}: ${command}`);
      }
      // Every environment a workflow names has both files.
      for (const [, name] of text.matchAll(/^\s+(?:- )?environment: (\w+)$/gm)) {
        for (const suffix of ['tfvars', 'backend.hcl']) {
          assert.ok(existsSync(path.join(TERRAFORM, 'envs', `${name}.${suffix}`)), `${file} names ${name}: envs/${name}.${suffix} is missing`);
        }
      }
    }
    assert.ok(runs >= 7, `expected the init, plan and apply runs of deliver, deploy-environment and drift, found ${runs}`);
  });
});
