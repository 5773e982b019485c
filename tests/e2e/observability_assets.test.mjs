// The shipped observability assets (deploy/observability/) against the real binary: every
// metric the alert rules and the Grafana dashboard query exists in GET /metrics (so a renamed
// metric cannot silently blind an alert), the exposition passes `promtool check metrics`, and
// the dashboard is well-formed. The rules themselves are checked by ctest observability.rules
// (`promtool check rules` and `promtool test rules`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

import { ParsePrometheus } from './lib/prometheus.mjs';
import { RedisServer } from './lib/redis.mjs';  // rampart:only(redis)
import { DatabaseServerUrl, RampartServer } from './lib/server.mjs';

const kAssets = join(dirname(fileURLToPath(import.meta.url)), '../../deploy/observability');
const kMetricName = /\b((?:rampart|http_server|process|db_client)_[a-z0-9_]+)\b/g;
// Exposed by one database adapter only: checked in the run on that database.
const kPostgresOnly = /^rampart_db_(pool_|circuit_open|query_duration)/;  // rampart:only(postgres)
const kSqliteOnly = /^db_client_/;

// `promtool check metrics`: no problem but one known lint. db.client.connection.count is the
// OpenTelemetry semantic-convention name of the SQLite pool gauge (dashboards built on OTel
// expect it); Prometheus' linter reads the `_count` ending as a histogram part.
const kKnownLints = [/^db_client_connection_count non-histogram and non-summary metrics should not have "_count" suffix$/];

function PromtoolCheckMetrics(exposition) {
  let output = '';
  try {
    execFileSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return;
  } catch (error) {
    assert.ok(error.status === 3, `promtool check metrics failed: ${error.message}`);  // 3: lint findings only
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  const findings = output.split('\n').filter((line) => line.trim().length > 0);
  const unexpected = findings.filter((line) => !kKnownLints.some((known) => known.test(line.trim())));
  assert.deepEqual(unexpected, [], 'promtool check metrics');
}

function Dashboard() {
  return JSON.parse(readFileSync(join(kAssets, 'grafana-dashboard.json'), 'utf8'));
}

function Expressions(dashboard) {
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}

describe('deploy/observability', () => {
  it('the dashboard is well-formed: unique ids, every panel on the grid with a query', () => {
    const dashboard = Dashboard();
    assert.equal(dashboard.uid, 'rampart-overview');
    const ids = dashboard.panels.map((panel) => panel.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate panel ids');
    for (const panel of dashboard.panels) {
      assert.ok(panel.gridPos && panel.gridPos.w > 0 && panel.gridPos.x + panel.gridPos.w <= 24, panel.title);
      if (panel.type !== 'row') assert.ok(panel.targets?.length > 0 && panel.targets.every((t) => t.expr), panel.title);
    }
  });

  it('every alert has a runbook in docs/operations.md, which its runbook_url names', () => {
    const rules = readFileSync(join(kAssets, 'alerts.yml'), 'utf8');
    const operations = readFileSync(join(kAssets, '../../docs/operations.md'), 'utf8');
    const alerts = [...rules.matchAll(/^\s+- alert: (\w+)$/gm)].map((match) => match[1]);
    // rampart:begin(iam)
    assert.ok(alerts.length >= 10, `only ${alerts.length} alerts`);
    // rampart:else
    // assert.ok(alerts.length >= 8, `only ${alerts.length} alerts`);
    // rampart:end
    for (const alert of alerts) {
      assert.ok(operations.includes(`\n### ${alert}\n`), `no runbook for ${alert}`);
      assert.ok(rules.includes(`runbook_url: "docs/operations.md#${alert.toLowerCase()}"`), `runbook_url of ${alert}`);
    }
  });

  it('every metric the alerts and the dashboard query is exposed, and promtool accepts the exposition', async () => {
    // rampart:begin(redis)
    const redis = await RedisServer.Start();
    const server = await RampartServer.Start({ env: { RAMPART_REDIS_URL: redis.url } });
    // rampart:else
    // const server = await RampartServer.Start();
    // rampart:end
    try {
      const exposition = await (await fetch(`${server.baseUrl}/metrics`)).text();
      PromtoolCheckMetrics(exposition);
      const { types } = ParsePrometheus(exposition);
      const exposed = (name) => {
        if (types.has(name)) return true;
        const histogram = name.replace(/_(bucket|count|sum)$/, '');
        return histogram !== name && types.get(histogram) === 'histogram';
      };
      const sources = {
        'alerts.yml': readFileSync(join(kAssets, 'alerts.yml'), 'utf8'),
        'grafana-dashboard.json': Expressions(Dashboard()).join('\n'),
      };
      const on_postgres = DatabaseServerUrl() !== null;  // rampart:only(postgres)
      const missing = [];
      for (const [file, text] of Object.entries(sources)) {
        for (const [, name] of text.matchAll(kMetricName)) {
          // rampart:begin(postgres)
          if (on_postgres ? kSqliteOnly.test(name) : kPostgresOnly.test(name)) continue;
          // rampart:end
          if (!exposed(name)) missing.push(`${file}: ${name}`);
        }
      }
      assert.deepEqual([...new Set(missing)], [], 'queried but not exposed');
    } finally {
      await server.Stop();
      await redis.Stop();  // rampart:only(redis)
    }
  });
});
