// The signing keys in the AWS deployment (tests/deploy/terraform/keys_secret.mjs): the serving
// task gets RAMPART_JWT_KEYS_SECRET = aws-sm:<the keys secret's ARN> as a plain variable, its
// role may read that secret but write no secret, only the one-off `rampart keys` task's role
// writes it, and Terraform puts no value into it. Each mistake below is planted in a copy of its
// own, and the check must name it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

import { checkKeysSecret } from './terraform/keys_secret.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TERRAFORM = path.join(REPO, 'deploy/terraform');

// [what, file under deploy/terraform, text to find, replacement, the problem expected]
const MISTAKES = [
  ['the serving task role allowed to write the keys secret', 'modules/iam/main.tf',
    'actions   = ["secretsmanager:GetSecretValue"]\n    resources = [var.keys_secret_arn]',
    'actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]\n    resources = [var.keys_secret_arn]',
    /^the serving task role aws_iam_role\.task may write secrets: secretsmanager:PutSecretValue in task \(ReadSigningKeys\)$/],
  ['the serving task running with the keys role', 'modules/ecs/main.tf',
    'task_role_arn            = var.task_role_arn\n  container_definitions    = jsonencode(local.containers)',
    'task_role_arn            = var.keys_task_role_arn\n  container_definitions    = jsonencode(local.containers)',
    /^the serving task role aws_iam_role\.keys may write secrets: secretsmanager:PutSecretValue/],
  ['the serving task role unable to read the keys secret', 'modules/iam/main.tf',
    'actions   = ["secretsmanager:GetSecretValue"]\n    resources = [var.keys_secret_arn]',
    'actions   = ["secretsmanager:DescribeSecret"]\n    resources = [var.keys_secret_arn]',
    /^the serving task role aws_iam_role\.task cannot read the keys secret/],
  ['the keys task role unable to write', 'modules/iam/keys.tf',
    '"secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue"]', '"secretsmanager:DescribeSecret"]',
    /^the keys task role aws_iam_role\.keys cannot write the keys secret/],
  ['RAMPART_JWT_KEYS_SECRET missing from the settings', 'modules/stack/settings.tf',
    '      RAMPART_JWT_KEYS_SECRET = "aws-sm:${module.secrets.keys_secret_arn}"\n', '',
    /^modules\/stack: local\.app_environment does not set RAMPART_JWT_KEYS_SECRET/],
  ['the rampart container without the stack\'s environment', 'modules/ecs/main.tf',
    'environment            = local.environment\n    secrets                = local.secrets\n    mountPoints            = local.mount_points\n    stopTimeout',
    'environment            = []\n    secrets                = local.secrets\n    mountPoints            = local.mount_points\n    stopTimeout',
    /^RAMPART_JWT_KEYS_SECRET does not reach the rampart container/],
  ['a value for the keys secret in the Terraform state', 'modules/secrets/main.tf',
    'resource "aws_secretsmanager_secret" "smtp_url" {',
    'resource "aws_secretsmanager_secret_version" "signing_keys" {\n  secret_id     = aws_secretsmanager_secret.signing_keys.id\n  secret_string = "{}"\n}\n\nresource "aws_secretsmanager_secret" "smtp_url" {',
    /^modules\/secrets: aws_secretsmanager_secret_version\.signing_keys puts a value into the keys secret/],
];

describe('the signing keys\' secret in the AWS deployment', () => {
  const copies = [];
  after(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is wired as it should be in the repository\'s configuration', async () => {
    assert.deepEqual(await checkKeysSecret(TERRAFORM), []);
  });

  for (const [what, file, from, to, expected] of MISTAKES) {
    it(`finds ${what}`, async () => {
      const copy = mkdtempSync(path.join(tmpdir(), 'rampart-keys-secret-'));
      copies.push(copy);
      cpSync(path.join(TERRAFORM, 'modules'), path.join(copy, 'modules'), { recursive: true });
      const full = path.join(copy, file);
      const text = readFileSync(full, 'utf8');
      assert.equal(text.split(from).length, 2, `planting "${what}": the text to replace must occur once in ${file}`);
      writeFileSync(full, text.replace(from, to));
      const problems = await checkKeysSecret(copy);
      assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} among:\n${problems.join('\n')}`);
    });
  }
});
