// Reads a Terraform configuration offline: every *.tf of a module directory parsed with
// @cdktf/hcl2json (HashiCorp's own HCL parser compiled to WebAssembly) and merged into one
// module, and the module calls followed to their local sources.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import hcl from '@cdktf/hcl2json';

// A parsed module: { dir, files, variables, locals, outputs, resources, data, modules,
// terraform, providers, problems } where resources/data are Map("type.name" → body) and the
// others Map(name → body). A body is hcl2json's object for the block.
export async function loadModule(dir) {
  const module = {
    dir,
    files: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    data: new Map(),
    modules: new Map(),
    terraform: [],
    providers: [],
    problems: [],
  };
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    let parsed;
    try {
      parsed = await hcl.parse(file, text);
    } catch (error) {
      module.problems.push(`${file}: does not parse: ${error.message.split('\n')[0]}`);
      continue;
    }
    module.files.push(file);
    merge(module, parsed, file);
  }
  return module;
}

function add(module, map, key, body, file, what) {
  if (map.has(key)) {
    module.problems.push(`${file}: ${what} ${key} is declared twice`);
    return;
  }
  map.set(key, { ...body, __file: file });
}

function merge(module, parsed, file) {
  for (const [name, [body]] of Object.entries(parsed.variable ?? {})) {
    add(module, module.variables, name, body, file, 'variable');
  }
  for (const block of parsed.locals ?? []) {
    for (const [name, value] of Object.entries(block)) {
      if (module.locals.has(name)) module.problems.push(`${file}: local ${name} is declared twice`);
      module.locals.set(name, { value, __file: file });
    }
  }
  for (const [name, [body]] of Object.entries(parsed.output ?? {})) {
    add(module, module.outputs, name, body, file, 'output');
  }
  for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
    for (const [name, [body]] of Object.entries(byName)) {
      add(module, module.resources, `${type}.${name}`, body, file, 'resource');
    }
  }
  for (const [type, byName] of Object.entries(parsed.data ?? {})) {
    for (const [name, [body]] of Object.entries(byName)) {
      add(module, module.data, `${type}.${name}`, body, file, 'data source');
    }
  }
  for (const [name, [body]] of Object.entries(parsed.module ?? {})) {
    add(module, module.modules, name, body, file, 'module');
  }
  for (const block of parsed.terraform ?? []) module.terraform.push({ ...block, __file: file });
  for (const [name, bodies] of Object.entries(parsed.provider ?? {})) {
    for (const body of bodies) module.providers.push({ name, body, __file: file });
  }
}

// The directory a local module source points at, or null for a registry/remote source.
export function localSource(module, source) {
  if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) {
    return null;
  }
  return path.resolve(module.dir, source);
}

// Every directory under `root` that holds *.tf files.
export function moduleDirectories(root) {
  const found = [];
  const walk = (dir) => {
    const entries = readdirSync(dir);
    if (entries.some((e) => e.endsWith('.tf'))) found.push(dir);
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
    }
  };
  if (existsSync(root)) walk(root);
  return found.sort();
}

// Strips hcl2json's "${...}" around a type expression: "${list(string)}" → "list(string)".
export function unwrap(value) {
  if (typeof value !== 'string') return value;
  const m = /^\$\{([\s\S]*)\}$/.exec(value);
  return m ? m[1] : value;
}
