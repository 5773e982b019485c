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
  checkBackends, checkModuleCalls, checkProviderRequirements, checkRoot, checkVariableFiles, checkVariables,
} from './rules_modules.mjs';
import { checkIam } from './rules_iam.mjs';
import { checkAlarms } from './rules_alarms.mjs';

// The text of every workflow (for the -var arguments the pipeline passes).
function workflowText(dir) {
  if (!dir || !existsSync(dir)) return '';
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

// Checks every module under `root` (bootstrap/, modules/*, envs/*); returns the problems as
// "<module dir relative to root>: <problem>". `workflows`: the .github/workflows folder whose
// terraform runs pass the variables a root's terraform.tfvars leaves out.
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
    if (isRoot(root, dir)) {
      checkRoot(module, report);
      const tfvarsFile = path.join(dir, 'terraform.tfvars');
      let tfvars = null;
      if (existsSync(tfvarsFile)) {
        try {
          tfvars = await hcl.parse('terraform.tfvars', readFileSync(tfvarsFile, 'utf8'));
        } catch (error) {
          report(`terraform.tfvars: does not parse: ${error.message.split('\n')[0]}`);
        }
      }
      checkVariableFiles(module, tfvars, pipeline, report);
    }
  }
  const environments = directories
    .filter((dir) => path.dirname(dir) === path.join(root, 'envs'))
    .map((dir) => [path.relative(root, dir), loaded.get(dir)]);
  if (environments.length === 0) problems.push('envs: no environment');
  checkBackends(environments, (problem) => problems.push(problem));
  return problems;
}

function isRoot(root, dir) {
  return path.dirname(dir) === path.join(root, 'envs') || dir === path.join(root, 'bootstrap');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy/terraform'));
  const started = Date.now();
  const problems = await checkTerraform(root);
  for (const problem of problems) console.log(problem);
  console.log(`terraform check: ${problems.length} problem(s) in ${root} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
