// Variables and module calls: every variable typed and described, every module input declared by
// the module, every required input (a variable without default) set by every caller; root
// configurations pin Terraform and their providers to the versions the schema came from, and
// each environment keeps its state under a key of its own, encrypted and locked, and its values
// file sets every required variable of the root.
import path from 'node:path';
import { providerVersion, knownProviders } from './schema.mjs';
import { unwrap } from './load.mjs';

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export function checkVariables(module, report) {
  for (const [name, body] of module.variables) {
    if (!('type' in body)) report(`variable.${name}: has no type`);
    if (typeof body.description !== 'string' || body.description.trim() === '') {
      report(`variable.${name}: has no description`);
    }
  }
}

export function checkModuleCalls(module, children, report) {
  for (const [name, call] of module.modules) {
    const child = children.get(name);
    if (!child) {
      if (typeof call.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(call.version)) {
        report(`module.${name}: a source outside this repository must pin an exact version`);
      }
      continue;
    }
    for (const input of Object.keys(call)) {
      if (input.startsWith('__') || MODULE_META.has(input)) continue;
      if (!child.variables.has(input)) report(`module.${name}: unknown input "${input}" (${call.source} declares no such variable)`);
    }
    for (const [variable, body] of child.variables) {
      if (!('default' in body) && !(variable in call)) {
        report(`module.${name}: required input "${variable}" of ${call.source} is not set`);
      }
    }
  }
}

function requiredProviders(module) {
  const found = {};
  for (const block of module.terraform) {
    for (const rp of block.required_providers ?? []) Object.assign(found, rp);
  }
  return found;
}

// A root configuration (service/ or bootstrap/): the exact versions.
export function checkRoot(module, report) {
  const rp = requiredProviders(module);
  const required = module.terraform.map((b) => b.required_version).find(Boolean);
  if (!required) report('terraform: required_version is not set');
  const used = new Set();
  const collect = (address) => used.add(address.split('_')[0]);
  for (const address of module.resources.keys()) collect(address);
  for (const address of module.data.keys()) collect(address);
  for (const provider of knownProviders()) {
    const spec = rp[provider];
    if (!spec) {
      if (used.has(provider)) report(`terraform: required_providers has no ${provider}`);
      continue;
    }
    const want = providerVersion(provider);
    if (spec.version !== want) {
      report(`terraform: provider ${provider} must be pinned to "${want}" (the version of the schema checked here), found ${JSON.stringify(spec.version)}`);
    }
  }
}

// Every module declares the providers its own resources use.
export function checkProviderRequirements(module, report) {
  const rp = requiredProviders(module);
  const used = new Set([...module.resources.keys(), ...module.data.keys()].map((a) => a.split('_')[0]));
  for (const provider of used) {
    if (knownProviders().includes(provider) && !rp[provider]) {
      report(`terraform: required_providers has no ${provider} although the module uses it`);
    }
  }
}

export function backendOf(module) {
  for (const block of module.terraform) {
    for (const [type, bodies] of Object.entries(block.backend ?? {})) return { type, body: bodies[0], file: block.__file };
  }
  return null;
}

// Environments, each [name, backend] with its backend as init configures it (null: none): an S3
// backend each, encrypted and locked, under keys that differ.
export function checkBackends(environments, report) {
  const seen = new Map();
  for (const [name, backend] of environments) {
    if (!backend) {
      report(`${name}: has no backend`);
      continue;
    }
    if (backend.type !== 's3') report(`${name}: backend "${backend.type}" is not "s3"`);
    const body = backend.body ?? {};
    if (body.encrypt !== true) report(`${name}: backend does not set encrypt = true`);
    if (body.use_lockfile !== true && !body.dynamodb_table) report(`${name}: backend has no state locking (use_lockfile = true)`);
    const key = `${unwrap(body.bucket) ?? '(bucket from -backend-config)'}/${body.key}`;
    if (typeof body.key !== 'string') {
      report(`${name}: backend has no key`);
    } else if (seen.has(key)) {
      report(`${name}: backend key "${body.key}" is also the state of ${seen.get(key)}`);
    } else {
      seen.set(key, name);
    }
  }
}

// A values file (`file`: a root's terraform.tfvars, or an environment's -var-file) sets only
// variables of the root; every required variable it leaves out is passed by the pipeline
// (-var NAME=... in a workflow), or a plan would stop and ask.
export function checkVariableFiles(module, file, tfvars, workflowText, report) {
  const root = path.basename(module.dir);
  for (const name of Object.keys(tfvars ?? {})) {
    if (!module.variables.has(name)) report(`${file}: sets "${name}", which is not a variable of ${root}`);
  }
  for (const [name, body] of module.variables) {
    if ('default' in body || (tfvars && name in tfvars)) continue;
    const passed = new RegExp(`-var[= ]["']?${name}=`).test(workflowText);
    if (!passed) report(`variable.${name}: required, but neither ${file} nor any workflow's -var sets it`);
  }
}
