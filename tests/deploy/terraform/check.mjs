#!/usr/bin/env node
// The offline Terraform checker: `node check.mjs [deploy/terraform]` prints one line per problem
// and exits 1 when there is any. No terraform binary and no AWS account: HCL parsed by
// HashiCorp's parser (@cdktf/hcl2json), arguments checked against the providers' schema
// (@cdktf/provider-aws, @cdktf/provider-random). See tests/deploy/README.md for the rules.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import hcl from '@cdktf/hcl2json';
import { fileURLToPath } from 'node:url';
import { loadModule, localSource, moduleDirectories } from './load.mjs';
import { checkSchema } from './rules_schema.mjs';
import { checkReferences } from './rules_references.mjs';
import {
  backendOf, checkBackends, checkModuleCalls, checkProviderRequirements, checkRoot, checkVariableFiles, checkVariables,
} from './rules_modules.mjs';
import { checkIam } from './rules_iam.mjs';
import { checkAlarms } from './rules_alarms.mjs';

// The text of every workflow (for the -var arguments the pipeline passes).
function workflowText(dir) {
  if (!dir || !existsSync(dir)) return '';
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

// The layout under deploy/terraform: two root configurations, bootstrap/ (its values in its own
// terraform.tfvars) and service/, the one configuration of every environment, whose
// environments are the pairs envs/<env>.tfvars (the values) and envs/<env>.backend.hcl (the
// state's key), given as -var-file and -backend-config.
const BOOTSTRAP = 'bootstrap';
const SERVICE = 'service';
const ENVIRONMENTS = 'envs';

// Checks every module under `root` (bootstrap/, service/, modules/*) and every environment of
// envs/; returns the problems as "<module dir or envs/<env>>: <problem>". `workflows`: the
// .github/workflows folder whose terraform runs pass the variables the values files leave out.
export async function checkTerraform(root, { workflows = path.join(root, '../../.github/workflows') } = {}) {
  const pipeline = workflowText(workflows);
  const loaded = new Map();
  const load = async (dir) => {
    if (!loaded.has(dir)) loaded.set(dir, await loadModule(dir));
    return loaded.get(dir);
  };
  const problems = [];
  const directories = moduleDirectories(root);
  if (directories.length === 0) return [`${root}: no Terraform files`];
  for (const dir of directories) await load(dir);

  for (const dir of directories) {
    const module = loaded.get(dir);
    const name = path.relative(root, dir) || '.';
    const report = (problem) => problems.push(`${name}: ${problem}`);
    module.problems.forEach(report);

    const children = new Map();
    for (const [callName, call] of module.modules) {
      const source = localSource(module, call.source);
      if (source) children.set(callName, await load(source));
      else if (call.source === undefined) report(`module.${callName}: has no source`);
    }
    checkVariables(module, report);
    checkModuleCalls(module, children, report);
    checkProviderRequirements(module, report);
    checkSchema(module, report);
    await checkReferences(module, children, report);
    checkIam(module, report);
    checkAlarms(module, report);
    if (name === BOOTSTRAP || name === SERVICE) checkRoot(module, report);
    if (name === BOOTSTRAP) {
      const tfvars = await readHcl(path.join(dir, 'terraform.tfvars'), report);
      checkVariableFiles(module, 'terraform.tfvars', tfvars, pipeline, report);
    }
  }

  const service = loaded.get(path.join(root, SERVICE));
  if (!service) return [...problems, `${SERVICE}: no Terraform files`];
  const environments = await readEnvironments(root, service, pipeline, (problem) => problems.push(problem));
  if (environments.length === 0) problems.push(`${ENVIRONMENTS}: no environment`);
  checkBackends(environments, (problem) => problems.push(problem));
  return problems;
}

// An HCL file of attributes (a .tfvars or a -backend-config file) as an object: null when it
// is missing or does not parse (reported).
async function readHcl(file, report) {
  if (!existsSync(file)) return null;
  try {
    return await hcl.parse(path.basename(file), readFileSync(file, 'utf8'));
  } catch (error) {
    report(`${path.basename(file)}: does not parse: ${error.message.split('\n')[0]}`);
    return null;
  }
}

// Every environment of envs/: its values checked against service/'s variables; returned as
// [name, backend] with the backend as init would configure it (service/'s block, then the
// environment's file over it).
async function readEnvironments(root, service, pipeline, reportAll) {
  const dir = path.join(root, ENVIRONMENTS);
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const names = [...new Set(files.map((f) => /^(.+?)\.(tfvars|backend\.hcl)$/.exec(f)?.[1]).filter(Boolean))].sort();
  const environments = [];
  for (const env of names) {
    const label = `${ENVIRONMENTS}/${env}`;
    const report = (problem) => reportAll(`${label}: ${problem}`);
    if (!files.includes(`${env}.tfvars`)) report(`has no values file ${env}.tfvars`);
    if (!files.includes(`${env}.backend.hcl`)) report(`has no backend file ${env}.backend.hcl`);
    const values = await readHcl(path.join(dir, `${env}.tfvars`), report);
    const backendFile = await readHcl(path.join(dir, `${env}.backend.hcl`), report);
    if (values) {
      checkVariableFiles(service, `${env}.tfvars`, values, pipeline, report);
      if ('environment' in values && values.environment !== env) {
        report(`${env}.tfvars: environment = ${JSON.stringify(values.environment)}, not "${env}" (the name of its files)`);
      }
    }
    const backend = backendOf(service);
    environments.push([label, backend && { ...backend, body: { ...backend.body, ...backendFile } }]);
  }
  return environments;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy/terraform'));
  const started = Date.now();
  const problems = await checkTerraform(root);
  for (const problem of problems) console.log(problem);
  console.log(`terraform check: ${problems.length} problem(s) in ${root} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
