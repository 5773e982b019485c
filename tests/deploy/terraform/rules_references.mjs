// Every reference resolves: var.* to a declared variable, local.* to a local, module.M.O to a
// module call whose source declares output O, data.T.N.a and T.N.a to a block of this module
// whose type has attribute a in the provider's schema.
import { referencesInAll, splitReference, walkExpressions } from './expressions.mjs';
import { schemaOf } from './schema.mjs';

const BUILTIN_ROOTS = new Set(['each', 'count', 'self', 'path', 'terraform']);

export async function checkReferences(module, children, report) {
  const found = [];
  const visitBlock = (label, body) => {
    walkExpressions(body, (text, where, scope) => found.push({ label, text, where, scope }));
  };
  const resolveAll = async () => {
    const all = await referencesInAll(found.map((f) => f.text));
    for (const [i, { label, where, scope }] of found.entries()) {
      const references = all[i];
      if (!Array.isArray(references)) {
        report(`${label}${where ? `.${where}` : ''}: expression does not parse: ${references.error}`);
        continue;
      }
      for (const reference of references) {
        const problem = resolve(module, children, reference, scope);
        if (problem) report(`${label}${where ? `.${where}` : ''}: ${problem}`);
      }
    }
  };
  // A variable's type is a type expression (string, list(object({...}))), not references.
  for (const [name, { type, ...body }] of module.variables) visitBlock(`variable.${name}`, body);
  for (const [name, body] of module.locals) visitBlock(`local.${name}`, body.value);
  for (const [name, body] of module.outputs) visitBlock(`output.${name}`, body);
  for (const [address, body] of module.resources) visitBlock(address, body);
  for (const [address, body] of module.data) visitBlock(`data.${address}`, body);
  for (const [name, body] of module.modules) visitBlock(`module.${name}`, body);
  for (const { name, body } of module.providers) visitBlock(`provider.${name}`, body);
  await resolveAll();
}

// Index parts ("0", a quoted key) between a block's name and its attribute.
function skipIndexes(parts, from, body) {
  let i = from;
  const indexed = body && ('count' in body || 'for_each' in body);
  while (indexed && i < parts.length && (/^\d+$/.test(parts[i]) || parts.raw?.[i]?.startsWith('"'))) i++;
  return i;
}

function resolve(module, children, reference, scope) {
  const parts = splitReference(reference);
  parts.raw = reference.split('.');
  const [root] = parts;
  if (BUILTIN_ROOTS.has(root) || scope.includes(root)) return null;
  if (root === 'var') {
    return module.variables.has(parts[1]) ? null : `reference to undeclared variable var.${parts[1]}`;
  }
  if (root === 'local') {
    return module.locals.has(parts[1]) ? null : `reference to undeclared local.${parts[1]}`;
  }
  if (root === 'module') {
    const call = module.modules.get(parts[1]);
    if (!call) return `reference to undeclared module.${parts[1]}`;
    const child = children.get(parts[1]);
    const at = skipIndexes(parts, 2, call);
    if (!child || at >= parts.length) return null;
    return child.outputs.has(parts[at])
      ? null
      : `module.${parts[1]} (${call.source}) has no output "${parts[at]}"`;
  }
  if (root === 'data') {
    const address = `${parts[1]}.${parts[2]}`;
    const body = module.data.get(address);
    if (!body) return `reference to undeclared data.${address}`;
    return attributeProblem('data', parts[1], `data.${address}`, parts, skipIndexes(parts, 3, body));
  }
  if (/^[a-z0-9]+_/.test(root) && parts.length >= 2) {
    const address = `${parts[0]}.${parts[1]}`;
    const body = module.resources.get(address);
    if (!body) return `reference to undeclared resource ${address}`;
    return attributeProblem('resource', parts[0], address, parts, skipIndexes(parts, 2, body));
  }
  return `unknown reference "${reference}"`;
}

function attributeProblem(kind, type, address, parts, at) {
  if (at >= parts.length) return null;
  const schema = schemaOf(kind, type);
  if (!schema) return null;  // reported by the schema rule
  return schema.attributes.has(parts[at]) ? null : `${address} has no attribute "${parts[at]}"`;
}
