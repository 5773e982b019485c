// Every alarm (and every metric a dashboard draws) names a metric that AWS publishes in that
// namespace, with that namespace's dimensions and a real statistic.
import { readFileSync } from 'node:fs';
import { isExpression } from './expressions.mjs';

const catalogue = JSON.parse(readFileSync(new URL('./cloudwatch_metrics.json', import.meta.url), 'utf8'));
const STATISTICS = new Set(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']);
const EXTENDED = /^(p|tm|wm|tc|ts)\d{1,2}(\.\d+)?$|^p100$/;

export function metricProblem(namespace, metric, dimensions = []) {
  if (isExpression(namespace) || isExpression(metric)) return null;
  const entry = catalogue[namespace];
  if (!entry) return `namespace "${namespace}" is not one AWS publishes rampart's metrics in (${Object.keys(catalogue).filter((k) => k !== '//').join(', ')})`;
  if (!entry.metrics.includes(metric)) return `${namespace} has no metric "${metric}" (${entry.source})`;
  for (const dimension of dimensions) {
    if (!entry.dimensions.includes(dimension)) return `${namespace} has no dimension "${dimension}"`;
  }
  return null;
}

// The dimension names of an alarm: its literal map, or the literal map of the local it names.
function dimensionNames(module, dimensions) {
  if (dimensions === undefined) return [];
  if (typeof dimensions === 'string') {
    const local = /^\$\{local\.(\w+)\}$/.exec(dimensions);
    const value = local && module.locals.get(local[1])?.value;
    return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  }
  return Object.keys(dimensions);
}

function checkMetric(module, where, body, report) {
  const problem = metricProblem(body.namespace, body.metric_name, dimensionNames(module, body.dimensions));
  if (problem) report(`${where}: ${problem}`);
  const stat = body.statistic ?? body.stat;
  if (stat !== undefined && !isExpression(stat) && !STATISTICS.has(stat) && !EXTENDED.test(stat)) {
    report(`${where}: "${stat}" is not a CloudWatch statistic`);
  }
  if (body.extended_statistic !== undefined && !EXTENDED.test(body.extended_statistic)) {
    report(`${where}: "${body.extended_statistic}" is not a percentile statistic`);
  }
}

export function checkAlarms(module, report) {
  for (const [address, body] of module.resources) {
    if (address.startsWith('aws_cloudwatch_metric_alarm.')) {
      if (body.metric_name !== undefined || body.namespace !== undefined) checkMetric(module, address, body, report);
      for (const [i, query] of (body.metric_query ?? []).entries()) {
        for (const metric of query.metric ?? []) checkMetric(module, `${address}.metric_query[${i}]`, metric, report);
      }
      if (body.metric_name === undefined && !body.metric_query) report(`${address}: alarms on no metric`);
    }
    if (address.startsWith('aws_cloudwatch_dashboard.') && typeof body.dashboard_body === 'string') {
      // Metrics arrays in the widgets: ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...].
      const pair = /\[\s*"((?:AWS|ECS)\/[\w]+)"\s*,\s*"([\w%]+)"/g;
      for (const m of body.dashboard_body.matchAll(pair)) {
        const problem = metricProblem(m[1], m[2]);
        if (problem) report(`${address}: ${problem}`);
      }
    }
  }
}
