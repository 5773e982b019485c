// Reads a Dockerfile the way `docker build` does for what the runtime-stage test needs: stages,
// instructions with continuation lines joined, ARG defaults substituted, ENV pairs, exec-form
// (JSON) ENTRYPOINT/CMD/HEALTHCHECK, and the packages of the stage's `apt-get install`.
import { readFileSync } from 'node:fs';

function logicalLines(text) {
  const lines = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (current === '' && /^\s*#/.test(line)) continue;  // comment (or parser directive)
    if (current !== '' && /^\s*#/.test(line)) continue;  // comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += line.slice(0, -1);  // Docker removes the backslash and the newline
      continue;
    }
    current += line;
    if (current.trim() !== '') lines.push(current.trim());
    current = '';
  }
  if (current.trim() !== '') lines.push(current.trim());
  return lines;
}

function substitute(text, args) {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (match, a, b) => args[a ?? b] ?? match);
}

// KEY=VALUE pairs of ENV/LABEL/ARG (values may be quoted).
function pairs(text) {
  const found = {};
  const re = /(\w[\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const m of text.matchAll(re)) {
    found[m[1]] = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
  }
  return found;
}

// Parses `path`; returns { stages: [{ name, from, instructions: [{ keyword, args, flags }] }] }.
export function readDockerfile(path) {
  const globalArgs = {};
  const stages = [];
  let stage = null;
  for (const line of logicalLines(readFileSync(path, 'utf8'))) {
    const [, keyword, rest = ''] = /^(\w+)\s*([\s\S]*)$/.exec(line);
    const upper = keyword.toUpperCase();
    if (upper === 'ARG') {
      const [name, value] = rest.trim().split('=');
      const target = stage ? stage.args : globalArgs;
      target[name] = value === undefined ? globalArgs[name] : JSON.parse(value.startsWith('"') ? value : JSON.stringify(value));
      continue;
    }
    if (upper === 'FROM') {
      const [image, as, name] = substitute(rest, globalArgs).split(/\s+/);
      stage = { name: as?.toUpperCase() === 'AS' ? name : String(stages.length), from: image, args: { ...globalArgs }, instructions: [] };
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${path}: ${upper} before FROM`);
    // --flag=value options of RUN/COPY/HEALTHCHECK.
    let args = rest;
    const flags = {};
    for (;;) {
      const m = /^--([\w-]+)(?:=(\S+))?\s+/.exec(args);
      if (!m || (upper !== 'RUN' && upper !== 'COPY' && upper !== 'ADD' && upper !== 'HEALTHCHECK')) break;
      (flags[m[1]] ??= []).push(m[2] ?? true);
      args = args.slice(m[0].length);
    }
    stage.instructions.push({ keyword: upper, args: substitute(args, stage.args), flags });
  }
  return { stages };
}

export function execForm(args) {
  const text = args.trim();
  if (!text.startsWith('[')) throw new Error(`expected the exec (JSON) form, got: ${text}`);
  return JSON.parse(text);
}

// What the runtime-stage test replays and runs: the last stage's instructions, interpreted.
export function runtimeStage(path) {
  const { stages } = readDockerfile(path);
  const stage = stages[stages.length - 1];
  const result = {
    from: stage.from,
    name: stage.name,
    runs: [],
    copies: [],
    env: {},
    user: null,
    workdir: '/',
    entrypoint: [],
    cmd: [],
    healthcheck: null,
    stopsignal: 'SIGTERM',
    volumes: [],
    labels: {},
    packages: [],
  };
  for (const { keyword, args, flags } of stage.instructions) {
    switch (keyword) {
      case 'RUN':
        result.runs.push(args);
        result.packages.push(...installedPackages(args));
        break;
      case 'COPY': {
        const parts = args.trim().split(/\s+/);
        result.copies.push({ from: flags.from?.[0] ?? null, sources: parts.slice(0, -1), destination: parts.at(-1) });
        break;
      }
      case 'ENV':
        Object.assign(result.env, pairs(args));
        break;
      case 'LABEL':
        Object.assign(result.labels, pairs(args));
        break;
      case 'USER':
        result.user = args.trim();
        break;
      case 'WORKDIR':
        result.workdir = args.trim();
        break;
      case 'ENTRYPOINT':
        result.entrypoint = execForm(args);
        break;
      case 'CMD':
        result.cmd = execForm(args);
        break;
      case 'HEALTHCHECK': {
        const m = /^CMD\s+([\s\S]+)$/.exec(args.trim());
        if (!m) throw new Error(`HEALTHCHECK without CMD: ${args}`);
        result.healthcheck = { options: flags, command: execForm(m[1]) };
        break;
      }
      case 'STOPSIGNAL':
        result.stopsignal = args.trim();
        break;
      case 'VOLUME':
        result.volumes.push(...(args.trim().startsWith('[') ? execForm(args) : args.trim().split(/\s+/)));
        break;
      default:
        break;
    }
  }
  return result;
}

// The packages of every `apt-get install` in a RUN (options and shell operators skipped).
export function installedPackages(run) {
  const packages = [];
  const re = /apt-get\s+install\s+([\s\S]*?)(?:&&|;|\|\||$)/g;
  for (const m of run.matchAll(re)) {
    for (const word of m[1].split(/\s+/)) {
      if (word === '' || word.startsWith('-')) continue;
      packages.push(word);
    }
  }
  return packages;
}
