// Every resource and data source type exists in its provider, every argument and nested block
// is one the provider declares, and every required argument is set.
import { schemaOf } from './schema.mjs';

const META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);

export function checkSchema(module, report) {
  for (const [kind, blocks] of [['resource', module.resources], ['data', module.data]]) {
    for (const [address, body] of blocks) {
      const type = address.split('.')[0];
      const label = kind === 'data' ? `data.${address}` : address;
      const schema = schemaOf(kind, type);
      if (!schema) {
        report(`${label}: ${kind === 'data' ? 'data source' : 'resource'} type ${type} does not exist in the provider's schema`);
        continue;
      }
      checkBody(body, schema, label, report, true);
    }
  }
}

function checkBody(body, schema, where, report, topLevel) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const dynamicNames = new Set(Object.keys(body.dynamic ?? {}));
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('__')) continue;
    if (topLevel && META.has(key)) continue;
    if (key === 'dynamic') {
      for (const [name, instances] of Object.entries(value)) {
        const arg = schema.args.get(name);
        if (!arg || !arg.isBlock) {
          report(`${where}: dynamic "${name}": no such block`);
          continue;
        }
        for (const instance of instances) {
          for (const content of instance.content ?? []) checkNested(arg, content, `${where}.${name}`, report);
        }
      }
      continue;
    }
    const arg = schema.args.get(key);
    if (!arg) {
      report(`${where}: unknown argument "${key}"${suggest(key, schema.args)}`);
      continue;
    }
    if (arg.isBlock && arg.block) {
      const instances = Array.isArray(value) ? value : [value];
      for (const instance of instances) {
        if (instance && typeof instance === 'object') checkNested(arg, instance, `${where}.${key}`, report);
      }
    }
  }
  for (const name of schema.required) {
    if (!(name in body) && !dynamicNames.has(name)) report(`${where}: required argument "${name}" is not set`);
  }
}

function checkNested(arg, body, where, report) {
  const nested = arg.block?.();
  if (nested) checkBody(body, nested, where, report, false);
}

function suggest(name, args) {
  let best = null;
  let bestDistance = Infinity;
  for (const candidate of args.keys()) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best && bestDistance <= Math.max(2, name.length / 4) ? ` (did you mean "${best}"?)` : '';
}

function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
