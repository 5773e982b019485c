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
  ['an undescribed variable', 'modules/sqs/variables.tf',
    '  description = "KMS key that encrypts the messages at rest."\n', '',
    /^modules\/sqs: variable\.kms_key_arn: has no description$/],
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
  ['a reference to an undeclared variable', 'modules/sqs/main.tf',
    'kms_master_key_id                 = var.kms_key_arn\n  kms_data_key_reuse_period_seconds = 300\n  tags                              = var.tags\n}\n\nresource "aws_sqs_queue" "this"',
    'kms_master_key_id                 = var.kms_key\n  kms_data_key_reuse_period_seconds = 300\n  tags                              = var.tags\n}\n\nresource "aws_sqs_queue" "this"',
    /^modules\/sqs: aws_sqs_queue\.dlq\.kms_master_key_id: reference to undeclared variable var\.kms_key$/],
  ['a module output that does not exist', 'modules/stack/main.tf',
    'vpc_id                       = module.network.vpc_id', 'vpc_id                       = module.network.vpc',
    /^modules\/stack: module\.alb\.vpc_id: module\.network \(\.\.\/network\) has no output "vpc"$/],
  ['a reference to an undeclared resource', 'modules/alb/main.tf',
    'target_group_arn = aws_lb_target_group.app.arn', 'target_group_arn = aws_lb_target_group.application.arn',
    /^modules\/alb: aws_lb_listener\.https\.default_action\[0\]\.target_group_arn: reference to undeclared resource aws_lb_target_group\.application$/],
  ['an attribute the resource type does not have', 'modules/alb/outputs.tf',
    'value       = aws_lb.this.dns_name', 'value       = aws_lb.this.dns',
    /^modules\/alb: output\.dns_name\.value: aws_lb\.this has no attribute "dns"$/],
  ['a resource type the provider does not have', 'modules/sqs/main.tf',
    'resource "aws_sqs_queue_policy" "dlq"', 'resource "aws_sqs_queue_polcy" "dlq"',
    /^modules\/sqs: aws_sqs_queue_polcy\.dlq: resource type aws_sqs_queue_polcy does not exist in the provider's schema$/],
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
  ['a wildcard action on a data service', 'modules/iam/main.tf',
    'actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]', 'actions   = ["sqs:*"]',
    /^modules\/iam: data\.aws_iam_policy_document\.task\.statement\[0\] \(PublishToQueues\): grants a wildcard action "sqs:\*" on the data service sqs$/],
  ['a policy written outside aws_iam_policy_document', 'modules/sqs/main.tf',
    'queue_url = aws_sqs_queue.this[each.key].id\n  policy    = data.aws_iam_policy_document.tls_only[each.key].json',
    'queue_url = aws_sqs_queue.this[each.key].id\n  policy    = jsonencode({ Statement = [] })',
    /^modules\/sqs: aws_sqs_queue_policy\.this\.policy: write the policy as a data "aws_iam_policy_document"/],
  ['an alarm on a metric AWS does not publish', 'modules/observability/alarms.tf',
    'metric_name         = "HTTPCode_Target_5XX_Count"', 'metric_name         = "HTTPCode_Target_5xx_Count"',
    /^modules\/observability: aws_cloudwatch_metric_alarm\.target_5xx: AWS\/ApplicationELB has no metric "HTTPCode_Target_5xx_Count"/],
  ['an alarm in a namespace that does not exist', 'modules/observability/alarms.tf',
    'namespace           = "AWS/ECS"\n  metric_name         = "CPUUtilization"', 'namespace           = "AWS/Fargate"\n  metric_name         = "CPUUtilization"',
    /^modules\/observability: aws_cloudwatch_metric_alarm\.cpu: namespace "AWS\/Fargate" is not one/],
  ['an alarm with a dimension of another namespace', 'modules/observability/alarms_data.tf',
    'dimensions          = { QueueName = each.value }\n  statistic           = "Maximum"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = var.thresholds.queue_oldest_age_seconds',
    'dimensions          = { Queue = each.value }\n  statistic           = "Maximum"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = var.thresholds.queue_oldest_age_seconds',
    /^modules\/observability: aws_cloudwatch_metric_alarm\.queue_age: AWS\/SQS has no dimension "Queue"$/],
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
    // A renamed or removed thing can have consequences elsewhere (the wrong queue-policy resource
    // type leaves no schema to check its arguments against): only those may remain.
    assert.deepEqual(unexplained.filter((p) => !/aws_sqs_queue_polcy/.test(p)), []);
  });
});
