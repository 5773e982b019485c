// The signing keys' secret as the stack wires it (modules/stack → secrets, iam, ecs), followed
// through the module boundaries the way Terraform resolves them:
//   - RAMPART_JWT_KEYS_SECRET = "aws-sm:<an output of module.secrets>" is a plain environment
//     variable of the stack, and that output is an aws_secretsmanager_secret's ARN to which
//     Terraform writes no version (no private key in the state);
//   - that variable reaches the `rampart` container of the task definition the ECS service runs;
//   - the serving task's role may read the secret (GetSecretValue) and write no secret at all;
//   - the task definition whose command is `keys rotate` runs with another role, which may
//     PutSecretValue on that secret.
// checkKeysSecret(root) returns the problems as strings; [] when all of it holds.
import path from 'node:path';
import { loadModule, unwrap } from './load.mjs';
import { isExpression, referencesIn, splitReference } from './expressions.mjs';

const READ_ONLY = /^secretsmanager:(Get|Describe|List|BatchGet)/i;

// The reference an argument is exactly ("${var.x}" → "var.x"), or null.
function exactReference(value) {
  if (!isExpression(value)) return null;
  const inner = unwrap(value).trim();
  return /^[\w.\-[\]"]+$/.test(inner) ? inner : null;
}

// Every reference an expression depends on, local.* followed into their values.
async function closure(module, value, seen = new Set()) {
  const found = new Set();
  const texts = [];
  const collect = (v) => {
    if (isExpression(v)) texts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(value);
  for (const text of texts) {
    const refs = await referencesIn(text);
    if (!Array.isArray(refs)) continue;
    for (const ref of refs) {
      found.add(ref);
      const [kind, name] = splitReference(ref);
      if (kind === 'local' && !seen.has(name) && module.locals.has(name)) {
        seen.add(name);
        for (const r of await closure(module, module.locals.get(name).value, seen)) found.add(r);
      }
    }
  }
  return found;
}

// The inline policies' statements of role `roleName` in the iam module (count'd ones included:
// a switch must not be able to grant more than this check saw).
function roleStatements(iam, roleName, report) {
  const statements = [];
  for (const [address, body] of iam.resources) {
    const type = address.split('.')[0];
    const role = exactReference(body.role);
    if (type === 'aws_iam_role_policy_attachment' && role?.startsWith(`aws_iam_role.${roleName}.`)) {
      report(`${address}: a managed policy on the role aws_iam_role.${roleName} cannot be checked here`);
    }
    if (type !== 'aws_iam_role_policy' || !role) continue;
    const [, rname] = splitReference(role);
    if (rname !== roleName) continue;
    const document = exactReference(body.policy);
    const [, , dname] = document ? splitReference(document) : [];
    const data = iam.data.get(`aws_iam_policy_document.${dname}`);
    if (!data) {
      report(`${address}.policy: not an aws_iam_policy_document of the module`);
      continue;
    }
    statements.push(...(data.statement ?? []).map((s) => ({ ...s, where: `${dname}${s.sid ? ` (${s.sid})` : ''}` })));
  }
  return statements;
}

// Does the statement's resources name `variable` (var.x) or everything?
function covers(statement, variable) {
  const resources = Array.isArray(statement.resources) ? statement.resources : [statement.resources];
  return resources.some((r) => r === '*' || (typeof r === 'string' && r.includes(`${variable}`)));
}

// The role (aws_iam_role.<name> in the iam module) a task definition of the ecs module runs as.
function taskRole(stack, ecs, iam, taskDefinition, report) {
  const argument = exactReference(taskDefinition.task_role_arn);
  const [kind, variable] = argument ? splitReference(argument) : [];
  if (kind !== 'var') return report(`the task definition's task_role_arn is not a variable of modules/ecs`);
  const passed = exactReference(stack.modules.get('service')?.[variable]);
  const [mod, call, output] = passed ? splitReference(passed) : [];
  if (mod !== 'module' || call !== 'iam') return report(`modules/stack passes ${variable} not from module.iam`);
  const value = exactReference(iam.outputs.get(output)?.value);
  const [type, name] = value ? splitReference(value) : [];
  if (type !== 'aws_iam_role') return report(`modules/iam output ${output} is not an aws_iam_role's ARN`);
  return name;
}

export async function checkKeysSecret(root) {
  const problems = [];
  const report = (problem) => { problems.push(problem); return null; };
  const done = (problem) => { problems.push(problem); return problems; };
  const load = (name) => loadModule(path.join(root, 'modules', name));
  const [stack, secrets, iam, ecs] = await Promise.all(['stack', 'secrets', 'iam', 'ecs'].map(load));

  // 1. The variable names the secret by reference.
  const environment = stack.locals.get('app_environment')?.value ?? '';
  const text = typeof environment === 'string' ? environment : JSON.stringify(environment);
  const setting = /\bRAMPART_JWT_KEYS_SECRET\s*=\s*"aws-sm:\$\{module\.secrets\.(\w+)\}"/.exec(text);
  if (!setting) return done('modules/stack: local.app_environment does not set RAMPART_JWT_KEYS_SECRET = "aws-sm:${module.secrets.<output>}"');
  if (/\bRAMPART_JWT_KEY_FILE\s*=/.test(text)) report('modules/stack: RAMPART_JWT_KEY_FILE beside RAMPART_JWT_KEYS_SECRET (rampart refuses both)');
  const output = setting[1];
  const secretRef = exactReference(secrets.outputs.get(output)?.value);
  const [secretType, secretName, secretAttribute] = secretRef ? splitReference(secretRef) : [];
  if (secretType !== 'aws_secretsmanager_secret' || secretAttribute !== 'arn') {
    report(`modules/secrets: output ${output} is not an aws_secretsmanager_secret's arn`);
  }
  for (const [address, body] of secrets.resources) {
    if (address.startsWith('aws_secretsmanager_secret_version.') && JSON.stringify(body.secret_id ?? '').includes(`aws_secretsmanager_secret.${secretName}.`)) {
      report(`modules/secrets: ${address} puts a value into the keys secret (its private keys would be in the Terraform state)`);
    }
  }

  // 2. It reaches the rampart container of the service's task definition.
  const serviceTd = exactReference(ecs.resources.get('aws_ecs_service.this')?.task_definition);
  const [, appName] = serviceTd ? splitReference(serviceTd) : [];
  const app = ecs.resources.get(`aws_ecs_task_definition.${appName}`);
  if (!app) return done('modules/ecs: the service runs no task definition of the module');
  const containerRefs = await closure(ecs, app.container_definitions);
  const rampart = [...containerRefs].map((r) => splitReference(r))
    .filter(([kind, name]) => kind === 'local' && ecs.locals.get(name)?.value?.name === 'rampart')
    .map(([, name]) => ecs.locals.get(name).value)[0];
  const envRefs = rampart ? await closure(ecs, rampart.environment) : new Set();
  const passedEnvironment = exactReference(stack.modules.get('service')?.environment);
  if (!envRefs.has('var.environment') || passedEnvironment !== 'local.app_environment') {
    report('RAMPART_JWT_KEYS_SECRET does not reach the rampart container: modules/stack passes local.app_environment as module.service.environment, which the container\'s environment must come from');
  }

  // 3. The serving role reads and cannot write; the keys task's role writes.
  const secretVariable = [...Object.entries(stack.modules.get('iam') ?? {})]
    .find(([, v]) => exactReference(v) === `module.secrets.${output}`)?.[0];
  if (!secretVariable) return done(`modules/stack: module.iam gets no input = module.secrets.${output}`);
  const variable = `var.${secretVariable}`;
  const servingRole = taskRole(stack, ecs, iam, app, report);
  if (servingRole) {
    const statements = roleStatements(iam, servingRole, report).filter((s) => (s.effect ?? 'Allow') === 'Allow');
    if (!statements.some((s) => covers(s, variable) && (s.actions ?? []).includes('secretsmanager:GetSecretValue'))) {
      report(`the serving task role aws_iam_role.${servingRole} cannot read the keys secret (secretsmanager:GetSecretValue on ${variable})`);
    }
    for (const s of statements) {
      for (const action of (s.actions ?? []).filter((a) => /^secretsmanager:/i.test(a) && !READ_ONLY.test(a))) {
        report(`the serving task role aws_iam_role.${servingRole} may write secrets: ${action} in ${s.where}`);
      }
    }
  }
  const keysTd = [...ecs.resources].find(([address, body]) => address.startsWith('aws_ecs_task_definition.')
    && /"command"\s*:\s*\[\s*"keys"\s*,\s*"rotate"\s*\]|command\s*=\s*\[\s*"keys"\s*,\s*"rotate"\s*\]/.test(JSON.stringify(body.container_definitions ?? '').replace(/\\"/g, '"')));
  if (!keysTd) return done('modules/ecs: no task definition runs `keys rotate`');
  const writerRole = taskRole(stack, ecs, iam, keysTd[1], report);
  if (writerRole && writerRole === servingRole) report(`the keys task and the service share the role aws_iam_role.${writerRole}`);
  if (writerRole) {
    const statements = roleStatements(iam, writerRole, report);
    if (!statements.some((s) => covers(s, variable) && (s.actions ?? []).includes('secretsmanager:PutSecretValue'))) {
      report(`the keys task role aws_iam_role.${writerRole} cannot write the keys secret (secretsmanager:PutSecretValue on ${variable})`);
    }
  }
  return problems;
}
