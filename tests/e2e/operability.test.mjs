// What an on-call needs from the running binary (issue 17, "Operability"): a lame-duck phase on
// SIGTERM (server.drain_delay), metrics to alert on (build info, the embedded queue, readiness
// 503s outside the 5xx series, a 405's route, a cache server's connection), probes out of the
// access log, and `rampart config list` generated from the settings table like the documentation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

import { ParsePrometheus, SampleValue } from './lib/prometheus.mjs';
import { RedisServer } from './lib/redis.mjs';  // rampart:only(redis)
import { RampartServer, RunCli } from './lib/server.mjs';

const kRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const Sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

async function Status(server, path, init = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, text };
}

const Metrics = async (server) => ParsePrometheus((await Status(server, '/metrics')).text);

// A public route that is neither a probe nor a scrape.
const kPublic = '/.well-known/jwks.json';  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// const kPublic = '/openapi.json';
// rampart:end

describe('lame duck (server.drain_delay)', () => {
  it('SIGTERM: readiness 503 at once, still serving for the delay, then the drain and exit 0', async () => {
    const kDelayMs = 1500;
    const server = await RampartServer.Start({ env: { RAMPART_DRAIN_DELAY: `${kDelayMs}ms` } });
    assert.equal((await Status(server, '/health/ready')).status, 200);
    const stopping = server.Stop();  // SIGTERM now; resolves at exit
    await Sleep(100);
    const ready = await Status(server, '/health/ready');
    assert.equal(ready.status, 503, ready.text);
    assert.equal(JSON.parse(ready.text).status, 'draining');
    // A new connection is still accepted and served.
    assert.equal((await Status(server, kPublic)).status, 200);
    // Readiness answering 503 is not a server error.
    const metrics = await Metrics(server);
    assert.equal(SampleValue(metrics, 'rampart_http_server_errors_total', { http_route: '/health/ready' }), 0);
    assert.ok(server.running, 'exited before the drain delay');
    const exit = await stopping;
    assert.equal(exit.code, 0, server.Tail());
    assert.ok(exit.ms >= kDelayMs, `exited ${exit.ms.toFixed(0)} ms after SIGTERM, before the ${kDelayMs} ms delay`);
    assert.ok(server.allLines.some((line) => line.includes('lame duck')), server.Tail());
  });
});

describe('metrics to alert on', () => {
  it('build info, the embedded queue, and a 405 keeps its route', async () => {
    const server = await RampartServer.Start();
    try {
      const version = (await RunCli(['--version'])).stdout.trim();
      assert.equal((await Status(server, '/health/live', { method: 'PUT' })).status, 405);
      const metrics = await Metrics(server);
      const build = metrics.samples.find((sample) => sample.name === 'rampart_build_info');
      assert.ok(build, 'no rampart_build_info');
      assert.equal(build.value, 1);
      assert.equal(version, `rampart ${build.labels.version} (commit ${build.labels.commit})`);
      assert.equal(metrics.types.get('rampart_queue_messages'), 'gauge', 'rampart_queue_messages is not exposed');
      for (const state of ['visible', 'dead_letter']) {
        assert.equal(SampleValue(metrics, 'rampart_queue_messages', { queue: 'mail', state }), 0, state);
      }
      const method_not_allowed = metrics.samples.find(
        (sample) => sample.name === 'http_server_request_duration_seconds_count' && sample.labels.http_response_status_code === '405',
      );
      assert.equal(method_not_allowed?.labels.http_route, '/health/live');
    } finally {
      await server.Stop();
    }
  });

  // rampart:begin(redis)
  it('the Redis connection state', async () => {
    const redis = await RedisServer.Start();
    const server = await RampartServer.Start({ env: { RAMPART_REDIS_URL: redis.url } });
    try {
      const until = async (value) => {
        for (let i = 0; i < 100; ++i) {
          if (SampleValue(await Metrics(server), 'rampart_redis_connected') === value) return true;
          await Sleep(50);
        }
        return false;
      };
      assert.ok(await until(1), 'rampart_redis_connected never 1');
      await redis.Kill();
      assert.ok(await until(0), 'rampart_redis_connected stayed 1 with Redis down');
    } finally {
      await server.Stop();
      await redis.Stop();
    }
  });
  // rampart:end
});

describe('logs', () => {
  it('log.access_probes = false leaves probes and scrapes out of the access log', async () => {
    const server = await RampartServer.Start({ env: { RAMPART_LOG_ACCESS_PROBES: 'false' } });
    try {
      for (const path of ['/health/live', '/health/ready', '/metrics']) assert.equal((await Status(server, path)).status, 200);
      assert.equal((await Status(server, kPublic)).status, 200);
      await server.WaitForLine((line) => line.includes(`"path":"${kPublic}"`));
      const logged = server.allLines.filter((line) => line.includes('"msg":"request"')).map((line) => JSON.parse(line).path);
      assert.ok(!logged.includes('/health/ready') && !logged.includes('/metrics'), logged.join(','));
      // The harness probes /health/live while starting: none of those lines either.
      assert.ok(!logged.includes('/health/live'), logged.join(','));
    } finally {
      await server.Stop();
    }
  });
});

describe('rampart config list', () => {
  it('lists every setting, and --markdown is the table of docs/configuration.md', async () => {
    const markdown = await RunCli(['config', 'list', '--markdown']);
    assert.equal(markdown.code, 0, markdown.stderr);
    const docs = readFileSync(join(kRoot, 'docs/configuration.md'), 'utf8');
    const table = docs.slice(docs.indexOf('<!-- settings:begin -->') + '<!-- settings:begin -->'.length, docs.indexOf('<!-- settings:end -->')).trim();
    assert.equal(markdown.stdout.trim(), table);

    const list = await RunCli(['config', 'list']);
    assert.equal(list.code, 0, list.stderr);
    const variables = [...table.matchAll(/^\| `[^`]+` \| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    assert.ok(variables.length > 100, `only ${variables.length} settings in the docs table`);
    for (const variable of variables) assert.ok(list.stdout.includes(`variable: ${variable} `), `${variable} missing`);
    assert.match(list.stdout, /^server\.drain_delay\n {2}variable: RAMPART_DRAIN_DELAY {3}default: 0\n/m);
  });
});
