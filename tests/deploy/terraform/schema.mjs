// The providers' schema, read from the generated sources of the CDK for Terraform bindings
// (@cdktf/provider-aws, @cdktf/provider-random): every resource and data source there is
// generated from the provider's own `terraform providers schema -json`, so its argument names,
// nested blocks, required arguments and readable attributes are the provider's.
//
// For one type, e.g. aws_db_instance, the package holds lib/db-instance/index.{js,d.ts}:
// - `synthesizeHclAttributes()` of the resource class lists every argument and block
//   (`isBlock`), and a block's value names the function that lists the block's own arguments;
// - the Config interface in index.d.ts marks required arguments (no `?`), each property
//   documented with a registry link that ends in its Terraform name (`#allocated_storage`);
// - the class's getters read attributes by name (`getStringAttribute('arn')`), computed ones
//   included.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const PROVIDERS = {
  aws: '@cdktf/provider-aws',
  random: '@cdktf/provider-random',
};

// The provider version a package was generated from (its package.json "cdktf" section).
export function providerVersion(provider) {
  const pkg = JSON.parse(readFileSync(packageFile(provider, 'package.json'), 'utf8'));
  const found = (pkg.cdktf?.provider?.version) ??
    /providerVersion:\s*'([^']+)'/.exec(readFileSync(packageFile(provider, 'lib/provider/index.js'), 'utf8'))?.[1];
  return found;
}

export function knownProviders() {
  return Object.keys(PROVIDERS);
}

function packageRoot(provider) {
  const name = PROVIDERS[provider];
  if (!name) return null;
  return path.dirname(require.resolve(`${name}/package.json`));
}

function packageFile(provider, file) {
  return path.join(packageRoot(provider), file);
}

// Terraform's built-in provider (terraform.io/builtin/terraform) ships inside Terraform, not as a
// package: its terraform_data resource, as Terraform 1.4+ documents it.
const BUILTIN = {
  'resource:terraform_data': {
    args: new Map([['input', { isBlock: false, type: 'any' }], ['triggers_replace', { isBlock: false, type: 'any' }]]),
    required: new Set(),
    attributes: new Set(['id', 'input', 'output', 'triggers_replace']),
  },
};

const cache = new Map();
let index = null;

// Directory of a type: the name without the provider prefix, '_' → '-', "data-" in front for
// data sources. A few names do not follow that rule; then every directory is read once.
function directoryOf(provider, kind, type) {
  const root = path.join(packageRoot(provider), 'lib');
  const bare = type.slice(provider.length + 1).replaceAll('_', '-');
  const guess = kind === 'data' ? `data-${provider}-${bare}` : bare;
  const wanted = `"${type}"`;
  const isIt = (dir) => {
    const file = path.join(root, dir, 'index.js');
    if (!existsSync(file)) return false;
    const text = readFileSync(file, 'utf8');
    const declared = /\.tfResourceType = ("[^"]+");/.exec(text)?.[1];
    return declared === wanted && text.includes(kind === 'data' ? 'cdktf.TerraformDataSource' : 'cdktf.TerraformResource');
  };
  if (isIt(guess)) return path.join(root, guess);
  if (index === null) {
    index = new Map();
    for (const p of Object.keys(PROVIDERS)) {
      const libRoot = path.join(packageRoot(p), 'lib');
      for (const dir of readdirSync(libRoot)) {
        const file = path.join(libRoot, dir, 'index.js');
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        const declared = /\.tfResourceType = "([^"]+)";/.exec(text)?.[1];
        if (!declared) continue;
        const k = text.includes('cdktf.TerraformDataSource') ? 'data' : 'resource';
        index.set(`${k}:${declared}`, path.join(libRoot, dir));
      }
    }
  }
  return index.get(`${kind}:${type}`) ?? null;
}

// `key: { value: <expr>, isBlock: <bool>, type: "<t>", storageClassType: "<s>" }` entries of
// one attrs object starting at `from`.
function readAttrs(js, from) {
  const start = js.indexOf('attrs = {', from);
  const end = js.indexOf('// remove undefined attributes', start);
  const body = js.slice(start, end);
  const entry = /(\w+): \{\s*value: ([\s\S]*?),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",?\s*\}/g;
  const attrs = new Map();
  for (const m of body.matchAll(entry)) {
    const fn = /(\w+)ToHclTerraform\b/.exec(m[2].replace(/cdktf\.\w+ToHclTerraform/g, ''))?.[1];
    attrs.set(m[1], { isBlock: m[3] === 'true', type: m[4], fn: m[3] === 'true' ? fn : null });
  }
  return attrs;
}

// Required Terraform names of one interface in index.d.ts: properties without `?`.
function requiredOf(dts, interfaceName) {
  const at = dts.search(new RegExp(`export interface ${interfaceName}\\b[^{]*\\{`));
  if (at < 0) return new Set();
  const open = dts.indexOf('{', at);
  let depth = 0;
  let end = open;
  for (; end < dts.length; end++) {
    if (dts[end] === '{') depth++;
    else if (dts[end] === '}' && --depth === 0) break;
  }
  const body = dts.slice(open, end);
  const required = new Set();
  const prop = /#(\w+) \w+#\w+\}\s*(?:\*[^\n]*\n\s*)*\*\/\s*readonly (\w+)(\??):/g;
  for (const m of body.matchAll(prop)) if (m[3] !== '?') required.add(m[1]);
  return required;
}

function capitalize(name) {
  return name[0].toUpperCase() + name.slice(1);
}

// One level of arguments: name → { isBlock, type, block? } plus the required names.
function readBlock(js, dts, fnOrClass, isClass) {
  let from;
  let interfaceName;
  if (isClass) {
    from = js.indexOf('synthesizeHclAttributes() {');
    interfaceName = `${fnOrClass}Config`;
  } else {
    from = js.indexOf(`function ${fnOrClass}ToHclTerraform(`);
    interfaceName = capitalize(fnOrClass);
  }
  if (from < 0) return { args: new Map(), required: new Set() };
  const attrs = readAttrs(js, from);
  const args = new Map();
  for (const [name, a] of attrs) {
    const entry = { isBlock: a.isBlock, type: a.type };
    if (a.isBlock && a.fn) entry.fn = a.fn;
    args.set(name, entry);
  }
  return { args, required: requiredOf(dts, interfaceName) };
}

function readType(provider, kind, type) {
  const dir = directoryOf(provider, kind, type);
  if (!dir) return null;
  const js = readFileSync(path.join(dir, 'index.js'), 'utf8');
  const dts = readFileSync(path.join(dir, 'index.d.ts'), 'utf8');
  const className = new RegExp(`class (\\w+) extends cdktf\\.Terraform(?:Resource|DataSource)`).exec(js)[1];
  const classStart = js.indexOf(`class ${className} extends`);
  const classEnd = js.indexOf(`exports.${className} = ${className};`, classStart);
  const classBody = js.slice(classStart, classEnd < 0 ? js.length : classEnd);

  const blocks = new Map();
  const blockOf = (fn) => {
    if (!blocks.has(fn)) {
      blocks.set(fn, null);  // recursion guard
      const b = readBlock(js, dts, fn, false);
      blocks.set(fn, b);
      for (const a of b.args.values()) if (a.fn) a.block = () => blockOf(a.fn);
    }
    return blocks.get(fn);
  };
  const top = readBlock(js, dts, className, true);
  for (const a of top.args.values()) if (a.fn) a.block = () => blockOf(a.fn);

  const attributes = new Set(top.args.keys());
  const getter = /(?:this\.get\w*Attribute|this\.interpolationForAttribute)\('([a-z0-9_]+)'\)|new \w+\(this, "([a-z0-9_]+)"/g;
  for (const m of classBody.matchAll(getter)) attributes.add(m[1] ?? m[2]);
  return { args: top.args, required: top.required, attributes };
}

// The schema of a resource (`kind` = 'resource') or data source ('data') type, or null when the
// provider has no such type. { args: Map(name → {isBlock, type, block()}), required: Set,
// attributes: Set } where block() gives the same shape for a nested block.
export function schemaOf(kind, type) {
  if (BUILTIN[`${kind}:${type}`]) return BUILTIN[`${kind}:${type}`];
  const provider = type.split('_')[0];
  if (!PROVIDERS[provider]) return null;
  const key = `${kind}:${type}`;
  if (!cache.has(key)) cache.set(key, readType(provider, kind, type));
  return cache.get(key);
}
