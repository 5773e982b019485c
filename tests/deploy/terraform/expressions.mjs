// The references inside hcl2json's strings. hcl2json keeps every expression as a template string
// ("${var.name}", "a-${var.x}"); HCL's own expression parser (getExpressionAst) reads each one
// back, so function calls, for-expressions (whose own variables are not references) and
// templates are understood as Terraform understands them, not guessed with a regular expression.
import hcl from '@cdktf/hcl2json';
import { findAllReferencesInAst } from '@cdktf/hcl2json/lib/references.js';

const cache = new Map();
const MARKER = 'HCLCHECKEOT';

export function isExpression(value) {
  return typeof value === 'string' && (value.includes('${') || value.includes('%{'));
}

// The references of one string: ["var.name", "aws_vpc.this.id", "module.net.ids.0", ...], or
// { error } when HCL cannot read it.
export async function referencesIn(text) {
  if (cache.has(text)) return cache.get(text);
  // A heredoc template reads any string hcl2json produced (quotes, newlines, directives).
  const source = `<<${MARKER}\n${text}\n${MARKER}\n`;
  let result;
  try {
    const ast = await hcl.getExpressionAst('expression.tf', source);
    result = findAllReferencesInAst(source, ast).map((r) => r.value);
  } catch (error) {
    result = { error: error.message.split('\n')[0] };
  }
  cache.set(text, result);
  return result;
}

// The references of many strings at once: one parse of a tuple of heredocs (HCL's parser runs
// as WebAssembly, and one call per string costs ~10 ms), each reference attributed to its string
// by position. When the batch does not parse, each string is read alone to find the one at fault.
export async function referencesInAll(texts) {
  const todo = [...new Set(texts.filter((t) => !cache.has(t)))];
  if (todo.length > 1) {
    let source = '[\n';
    const spans = [];
    for (const text of todo) {
      const start = source.length;
      source += `<<${MARKER}\n${text}\n${MARKER}\n,\n`;
      spans.push([start, source.length, text]);
    }
    source += ']\n';
    try {
      const ast = await hcl.getExpressionAst('expressions.tf', source);
      const found = new Map(todo.map((t) => [t, []]));
      for (const ref of findAllReferencesInAst(source, ast)) {
        const span = spans.find(([start, end]) => ref.startPosition >= start && ref.startPosition < end);
        if (span) found.get(span[2]).push(ref.value);
      }
      for (const [text, refs] of found) cache.set(text, refs);
    } catch {
      // fall through: one at a time below
    }
  }
  const results = [];
  for (const text of texts) results.push(await referencesIn(text));
  return results;
}

// Splits "aws_x.y.\"k\".arn" into ["aws_x", "y", "k", "arn"].
export function splitReference(reference) {
  const parts = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^.]+)/g;
  for (const m of reference.matchAll(re)) parts.push(m[1] ?? m[2]);
  return parts;
}

// Calls visit(value, where, scope) for every expression string in a block body, where `where`
// is the path of keys ("container_definitions", "statement[1].actions") and `scope` the names
// a dynamic block's iterator adds. lifecycle's ignore_changes names attributes, not references.
export function walkExpressions(body, visit, where = '', scope = []) {
  if (isExpression(body)) {
    visit(body, where, scope);
    return;
  }
  if (Array.isArray(body)) {
    body.forEach((item, i) => walkExpressions(item, visit, `${where}[${i}]`, scope));
    return;
  }
  if (body === null || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('__') || key === 'lifecycle') continue;
    const at = where ? `${where}.${key}` : key;
    if (key === 'dynamic') {
      for (const [blockName, instances] of Object.entries(value)) {
        for (const instance of instances) {
          const iterator = unwrapName(instance.iterator) ?? blockName;
          walkExpressions(instance, visit, `${at}.${blockName}`, [...scope, iterator]);
        }
      }
      continue;
    }
    walkExpressions(value, visit, at, scope);
  }
}

function unwrapName(value) {
  if (typeof value !== 'string') return undefined;
  return value.replace(/^\$\{|\}$/g, '');
}

// The literal string values of a list argument (["a", "b"]), ignoring expressions.
export function literalStrings(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => typeof v === 'string' && !isExpression(v));
}
