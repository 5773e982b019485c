// IAM: no Allow statement grants a wildcard action on a data service (or everything), policies
// are written as aws_iam_policy_document (so that this rule can read them), and no role gets an
// AWS managed policy that grants everything.
import { isExpression, literalStrings } from './expressions.mjs';

// Services whose actions read or change data (messages, secrets, objects, keys, rows).
const DATA_SERVICES = new Set([
  's3', 'sqs', 'sns', 'secretsmanager', 'kms', 'dynamodb', 'rds-data', 'rds-db', 'ssm',
  'kinesis', 'logs',
]);

// Arguments that hold an IAM policy document (resource type → argument names).
const POLICY_ARGUMENTS = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_sns_topic_policy: ['policy'],
};

const TOO_BROAD_MANAGED = /policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|\w*FullAccess)$/;

export function wildcardProblem(action) {
  if (action === '*') return 'grants every action ("*")';
  const [service, name] = action.split(':');
  if (name === undefined) return null;
  if (DATA_SERVICES.has(service.toLowerCase()) && name.includes('*')) {
    return `grants a wildcard action "${action}" on the data service ${service}`;
  }
  return null;
}

export function checkIam(module, report) {
  for (const [address, body] of module.data) {
    if (!address.startsWith('aws_iam_policy_document.')) continue;
    const statements = [...(body.statement ?? [])];
    for (const d of body.dynamic?.statement ?? []) statements.push(...(d.content ?? []));
    statements.forEach((statement, i) => {
      const where = `data.${address}.statement[${i}]${statement.sid ? ` (${statement.sid})` : ''}`;
      const effect = statement.effect ?? 'Allow';
      if (effect === 'Deny') return;  // a Deny with "s3:*" (TLS only) narrows, never grants
      if (statement.not_actions) report(`${where}: an Allow with not_actions grants everything else`);
      const actions = statement.actions ?? [];
      if (isExpression(actions) || (Array.isArray(actions) && actions.some(isExpression))) {
        report(`${where}: actions must be literal strings so that they can be checked`);
      }
      for (const action of literalStrings(actions)) {
        const problem = wildcardProblem(action);
        if (problem) report(`${where}: ${problem}`);
      }
    });
  }
  for (const [address, body] of module.resources) {
    const type = address.split('.')[0];
    for (const argument of POLICY_ARGUMENTS[type] ?? []) {
      const value = body[argument];
      if (value === undefined) continue;
      if (!/^\$\{data\.aws_iam_policy_document\.[\w-]+(\[[^\]]+\])?\.(json|minified_json)\}$/.test(value)) {
        report(`${address}.${argument}: write the policy as a data "aws_iam_policy_document" (found ${JSON.stringify(value).slice(0, 60)})`);
      }
    }
    if (type === 'aws_iam_role_policy_attachment' || type === 'aws_iam_policy_attachment') {
      const arn = body.policy_arn;
      if (typeof arn === 'string' && TOO_BROAD_MANAGED.test(arn)) {
        report(`${address}: attaches ${arn}, which grants more than this role needs`);
      }
    }
    if (type === 'aws_iam_role') {
      for (const arn of literalStrings(body.managed_policy_arns ?? [])) {
        if (TOO_BROAD_MANAGED.test(arn)) report(`${address}: attaches ${arn}, which grants more than this role needs`);
      }
    }
  }
}
