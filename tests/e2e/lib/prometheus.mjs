// A small parser of the Prometheus text exposition format (0.0.4), strict enough to catch a
// malformed line: every sample line must parse, every sample must belong to a declared TYPE.
import assert from 'node:assert/strict';

/// Parses `text` into {types: Map(name → type), samples: [{name, labels, value}]}.
export function ParsePrometheus(text) {
  const types = new Map();
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      assert.match(type, /^(counter|gauge|histogram|summary|untyped)$/, line);
      types.set(name, type);
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `malformed sample line: ${line}`);
    const labels = {};
    if (match[3]) {
      const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let consumed = 0;
      while (consumed < match[3].length) {
        label.lastIndex = consumed;
        const found = label.exec(match[3]);
        assert.ok(found, `malformed labels: ${line}`);
        labels[found[1]] = found[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        consumed = label.lastIndex;
      }
    }
    const value = match[4] === '+Inf' ? Infinity : Number(match[4]);
    assert.ok(!Number.isNaN(value), `bad value: ${line}`);
    const family = match[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(match[1]) || types.get(family) === 'histogram', `sample without TYPE: ${line}`);
    samples.push({ name: match[1], labels, value });
  }
  return { types, samples };
}

/// The value of the one sample named `name` whose labels include `labels` (0 when absent).
export function SampleValue(parsed, name, labels = {}) {
  const found = parsed.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  assert.ok(found.length <= 1, `${found.length} samples match ${name} ${JSON.stringify(labels)}`);
  return found.length === 0 ? 0 : found[0].value;
}
