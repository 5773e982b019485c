// The offline Terraform checker (tests/deploy/terraform): the repository's configuration has no
// problem, and a copy with one mistake of each kind planted finds every one of them, each with
// the module and the place named. The mistakes go into one copy (they touch different lines, and
// the clean tree reports nothing, so each expected line can only come from its own mistake).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { checkTerraform } from './terraform/check.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TERRAFORM = path.join(REPO, 'deploy/terraform');
const WORKFLOWS = path.join(REPO, '.github/workflows');

// [what, file under deploy/terraform, text to find, replacement, the problem expected]
const MISTAKES = [
  ['an untyped variable', 'modules/alb/variables.tf',
    'variable "vpc_id" {\n  description = "The VPC of the target group."\n  type        = string\n',
    'variable "vpc_id" {\n  description = "The VPC of the target group."\n',
    /^modules\/alb: variable\.vpc_id: has no type$/],
  // rampart:begin(sqs)
  ['an undescribed variable', 'modules/sqs/variables.tf',
    '  description = "KMS key that encrypts the messages at rest."\n', '',
    /^modules\/sqs: variable\.kms_key_arn: has no description$/],
  // rampart:else
  // ['an undescribed variable', 'modules/secrets/variables.tf',
  //   '  description = "Days a deleted secret can still be restored (0 deletes at once: development only)."\n', '',
  //   /^modules\/secrets: variable\.recovery_window_days: has no description$/],
  // rampart:end
  ['a module input the module does not declare', 'service/main.tf',
    '  source               = "../modules/stack"\n',
    '  source               = "../modules/stack"\n  bogus_input          = 1\n',
    /^service: module\.rampart: unknown input "bogus_input"/],
  ['a required module input left unset by the environments\' configuration', 'service/main.tf',
    '  route53_zone_id      = var.route53_zone_id\n', '',
    /^service: module\.rampart: required input "route53_zone_id" of \.\.\/modules\/stack is not set$/],
  ['a required module input left unset in one environment', 'envs/prod.tfvars',
    'deletion_protection  = true\n', '',
    /^envs\/prod: variable\.deletion_protection: required, but neither prod\.tfvars nor any workflow's -var sets it$/],
  // rampart:begin(sqs)
  ['a reference to an undeclared variable', 'modules/sqs/main.tf',
    'kms_master_key_id                 = var.kms_key_arn\n  kms_data_key_reuse_period_seconds = 300\n  tags                              = var.tags\n}\n\nresource "aws_sqs_queue" "this"',
    'kms_master_key_id                 = var.kms_key\n  kms_data_key_reuse_period_seconds = 300\n  tags                              = var.tags\n}\n\nresource "aws_sqs_queue" "this"',
    /^modules\/sqs: aws_sqs_queue\.dlq\.kms_master_key_id: reference to undeclared variable var\.kms_key$/],
  // rampart:else
  // ['a reference to an undeclared variable', 'modules/observability/main.tf',
  //   'kms_master_key_id = var.kms_key_arn', 'kms_master_key_id = var.kms_key',
  //   /^modules\/observability: aws_sns_topic\.alerts\.kms_master_key_id: reference to undeclared variable var\.kms_key$/],
  // rampart:end
  ['a module output that does not exist', 'modules/stack/main.tf',
    'vpc_id                       = module.network.vpc_id', 'vpc_id                       = module.network.vpc',
    /^modules\/stack: module\.alb\.vpc_id: module\.network \(\.\.\/network\) has no output "vpc"$/],
  ['a reference to an undeclared resource', 'modules/alb/main.tf',
    'target_group_arn = aws_lb_target_group.app.arn', 'target_group_arn = aws_lb_target_group.application.arn',
    /^modules\/alb: aws_lb_listener\.https\.default_action\[0\]\.target_group_arn: reference to undeclared resource aws_lb_target_group\.application$/],
  ['an attribute the resource type does not have', 'modules/alb/outputs.tf',
    'value       = aws_lb.this.dns_name', 'value       = aws_lb.this.dns',
    /^modules\/alb: output\.dns_name\.value: aws_lb\.this has no attribute "dns"$/],
  // rampart:begin(sqs)
  ['a resource type the provider does not have', 'modules/sqs/main.tf',
    'resource "aws_sqs_queue_policy" "dlq"', 'resource "aws_sqs_queue_polcy" "dlq"',
    /^modules\/sqs: aws_sqs_queue_polcy\.dlq: resource type aws_sqs_queue_polcy does not exist in the provider's schema$/],
  // rampart:else
  // ['a resource type the provider does not have', 'modules/rds_postgres/main.tf',
  //   'resource "aws_iam_role_policy_attachment" "monitoring"', 'resource "aws_iam_role_policy_attachmnt" "monitoring"',
  //   /^modules\/rds_postgres: aws_iam_role_policy_attachmnt\.monitoring: resource type aws_iam_role_policy_attachmnt does not exist in the provider's schema$/],
  // rampart:end
  ['an argument the resource does not have', 'modules/rds_postgres/main.tf',
    'storage_encrypted     = true', 'storage_encryption    = true',
    /^modules\/rds_postgres: aws_db_instance\.this: unknown argument "storage_encryption" \(did you mean "storage_encrypted"\?\)$/],
  ['an argument a nested block does not have', 'modules/alb/main.tf',
    'healthy_threshold   = 2', 'healthy_threshhold  = 2',
    /^modules\/alb: aws_lb_target_group\.app\.health_check: unknown argument "healthy_threshhold"/],
  ['a required argument left out', 'modules/alb/main.tf',
    'resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.this.arn\n', 'resource "aws_lb_listener" "http" {\n',
    /^modules\/alb: aws_lb_listener\.http: required argument "load_balancer_arn" is not set$/],
  ['two environments sharing one state key', 'envs/staging.backend.hcl',
    'key = "rampart/staging/terraform.tfstate"', 'key = "rampart/dev/terraform.tfstate"',
    /^envs\/staging: backend key "rampart\/dev\/terraform\.tfstate" is also the state of envs\/dev$/],
  ['an environment without state locking', 'envs/prod.backend.hcl',
    'key = "rampart/prod/terraform.tfstate"\n', 'key = "rampart/prod/terraform.tfstate"\nuse_lockfile = false\n',
    /^envs\/prod: backend has no state locking/],
  // rampart:begin(sqs)
  ['a wildcard action on a data service', 'modules/iam/main.tf',
    'actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]', 'actions   = ["sqs:*"]',
    /^modules\/iam: data\.aws_iam_policy_document\.task\.statement\[0\] \(PublishToQueues\): grants a wildcard action "sqs:\*" on the data service sqs$/],
  // rampart:else
  // ['a wildcard action on a data service', 'modules/iam/main.tf',
  //   'actions   = ["secretsmanager:GetSecretValue"]\n    resources = var.injected_secret_arns',
  //   'actions   = ["secretsmanager:*"]\n    resources = var.injected_secret_arns',
  //   /^modules\/iam: data\.aws_iam_policy_document\.execution\.statement\[3\] \(InjectSecrets\): grants a wildcard action "secretsmanager:\*" on the data service secretsmanager$/],
  // rampart:end
  // rampart:begin(sqs)
  ['a policy written outside aws_iam_policy_document', 'modules/sqs/main.tf',
    'queue_url = aws_sqs_queue.this[each.key].id\n  policy    = data.aws_iam_policy_document.tls_only[each.key].json',
    'queue_url = aws_sqs_queue.this[each.key].id\n  policy    = jsonencode({ Statement = [] })',
    /^modules\/sqs: aws_sqs_queue_policy\.this\.policy: write the policy as a data "aws_iam_policy_document"/],
  // rampart:else
  // ['a policy written outside aws_iam_policy_document', 'modules/observability/main.tf',
  //   'policy = data.aws_iam_policy_document.alerts.json', 'policy = jsonencode({ Statement = [] })',
  //   /^modules\/observability: aws_sns_topic_policy\.alerts\.policy: write the policy as a data "aws_iam_policy_document"/],
  // rampart:end
  ['an alarm on a metric AWS does not publish', 'modules/observability/alarms.tf',
    'metric = "HTTPCode_Target_5XX_Count"', 'metric = "HTTPCode_Target_5xx_Count"',
    /^modules\/observability: local\.service_alarms\.target-5xx: AWS\/ApplicationELB has no metric "HTTPCode_Target_5xx_Count"/],
  ['an alarm in a namespace that does not exist', 'modules/observability/alarms.tf',
    'namespace   = "AWS/ECS", metric = "CPUUtilization"', 'namespace   = "AWS/Fargate", metric = "CPUUtilization"',
    /^modules\/observability: local\.service_alarms\.cpu: namespace "AWS\/Fargate" is not one/],
  // rampart:begin(sqs)
  ['an alarm with a dimension of another namespace', 'modules/observability/alarms.tf',
    'metric = "ApproximateAgeOfOldestMessage", dimension = "QueueName"', 'metric = "ApproximateAgeOfOldestMessage", dimension = "Queue"',
    /^modules\/observability: local\.queue_alarms\.oldest-message: AWS\/SQS has no dimension "Queue"$/],
  // rampart:else
  // ['an alarm with a dimension of another namespace', 'modules/observability/main.tf',
  //   'db            = { DBInstanceIdentifier = var.db_instance_identifier }',
  //   'db            = { DBInstance = var.db_instance_identifier }',
  //   /^modules\/observability: local\.service_alarms\.db-[\w-]+: AWS\/RDS has no dimension "DBInstance"$/],
  // rampart:end
  ['an alarm with a percentile that is not one', 'modules/observability/alarms.tf',
    'statistic   = "p99"', 'statistic   = "P99"',
    /^modules\/observability: local\.service_alarms\.p99-latency: "P99" is not a CloudWatch statistic$/],
  ['a dashboard drawing a metric AWS does not publish', 'modules/observability/dashboard.tf',
    '"AWS/RDS", "ReadLatency"', '"AWS/RDS", "ReadLatencyMs"',
    /^modules\/observability: local\.panels: AWS\/RDS has no metric "ReadLatencyMs"/],
  ['a provider not pinned to the checked version', 'service/versions.tf',
    'version = "6.25.0"', 'version = "~> 6.0"',
    /^service: terraform: provider aws must be pinned to "6\.25\.0"/],
  ['a variable file setting an undeclared variable', 'envs/staging.tfvars',
    'alarm_email              = ""\n', 'alarm_email              = ""\ncolour                   = "blue"\n',
    /^envs\/staging: staging\.tfvars: sets "colour", which is not a variable of service$/],
  ['a variable file naming another environment than its own', 'envs/dev.tfvars',
    'environment = "dev"\n', 'environment = "prod"\n',
    /^envs\/dev: dev\.tfvars: environment = "prod", not "dev"/],
];

describe('the Terraform checker', () => {
  let copy;
  let problems;

  before(async () => {
    copy = mkdtempSync(path.join(tmpdir(), 'rampart-terraform-check-'));
    cpSync(TERRAFORM, path.join(copy, 'deploy/terraform'), { recursive: true });
    cpSync(WORKFLOWS, path.join(copy, '.github/workflows'), { recursive: true });
    for (const [what, file, from, to] of MISTAKES) {
      const full = path.join(copy, 'deploy/terraform', file);
      const text = readFileSync(full, 'utf8');
      assert.equal(text.split(from).length, 2, `planting "${what}": the text to replace must occur once in ${file}`);
      writeFileSync(full, text.replace(from, to));
    }
    problems = await checkTerraform(path.join(copy, 'deploy/terraform'));
  });

  after(() => rmSync(copy, { recursive: true, force: true }));

  it('finds no problem in the repository\'s configuration', async () => {
    const clean = await checkTerraform(TERRAFORM, { workflows: WORKFLOWS });
    assert.deepEqual(clean, []);
  });

  for (const [what, , , , expected] of MISTAKES) {
    it(`finds ${what}`, () => {
      assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} among:\n${problems.join('\n')}`);
    });
  }

  it('reports nothing but the planted mistakes', () => {
    const unexplained = problems.filter((p) => !MISTAKES.some(([, , , , expected]) => expected.test(p)));
    // A renamed or removed thing can have consequences elsewhere (the misspelt resource type
    // leaves no schema to check its arguments against): only those may remain.
    // rampart:begin(sqs)
    const consequence = /aws_sqs_queue_polcy/;
    // rampart:else
    // const consequence = /aws_iam_role_policy_attachmnt/;
    // rampart:end
    assert.deepEqual(unexplained.filter((p) => !consequence.test(p)), []);
  });
});
