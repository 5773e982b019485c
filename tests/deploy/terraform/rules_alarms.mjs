// Every alarm (and every metric a dashboard draws) names a metric that AWS publishes in that
// namespace, with that namespace's dimensions and a real statistic. Alarms are written either as
// resources or as data in locals (an object of alarm definitions, each with `namespace`, `metric`,
// `statistic` and `dimensions` or the one `dimension` the module fills in), which one
// for_each resource creates; both are checked.
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
    const local = /^\$\{(?:tomap\()?local\.(\w+)\)?\}$/.exec(dimensions);
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
  if (body.extended_statistic !== undefined && !isExpression(body.extended_statistic) &&
      !EXTENDED.test(body.extended_statistic)) {
    report(`${where}: "${body.extended_statistic}" is not a percentile statistic`);
  }
}

const MISSING_DATA = new Set(['breaching', 'notBreaching', 'ignore', 'missing']);

// The alarm definitions of a local: its entries that name a namespace and a metric.
function alarmDefinitions(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).filter(([, entry]) =>
    entry && typeof entry === 'object' && 'namespace' in entry && 'metric' in entry);
}

export function checkAlarms(module, report) {
  for (const [name, { value }] of module.locals) {
    for (const [key, alarm] of alarmDefinitions(value)) {
      const where = `local.${name}.${key}`;
      checkMetric(module, where, {
        namespace: alarm.namespace, metric_name: alarm.metric, statistic: alarm.statistic,
        dimensions: alarm.dimension !== undefined ? { [alarm.dimension]: '' } : alarm.dimensions,
      }, report);
      if (alarm.missing !== undefined && !isExpression(alarm.missing) && !MISSING_DATA.has(alarm.missing)) {
        report(`${where}: "${alarm.missing}" is not a treat_missing_data value`);
      }
    }
  }
  for (const [address, body] of module.resources) {
    if (address.startsWith('aws_cloudwatch_metric_alarm.')) {
      if (body.metric_name !== undefined || body.namespace !== undefined) checkMetric(module, address, body, report);
      for (const [i, query] of (body.metric_query ?? []).entries()) {
        for (const metric of query.metric ?? []) checkMetric(module, `${address}.metric_query[${i}]`, metric, report);
      }
      if (body.metric_name === undefined && !body.metric_query) report(`${address}: alarms on no metric`);
    }
    if (address.startsWith('aws_cloudwatch_dashboard.') && typeof body.dashboard_body === 'string') {
      for (const problem of dashboardMetricProblems(body.dashboard_body)) report(`${address}: ${problem}`);
    }
  }
  // Widgets written as data in locals draw metrics too.
  for (const [name, { value }] of module.locals) {
    for (const problem of dashboardMetricProblems(JSON.stringify(value))) report(`local.${name}: ${problem}`);
  }
}

// The metrics arrays of dashboard widgets in a text: ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...].
function dashboardMetricProblems(text) {
  const pair = /\[\s*\\?"((?:AWS|ECS)\/[\w]+)\\?"\s*,\s*\\?"([\w%]+)\\?"/g;
  return [...text.matchAll(pair)].map((m) => metricProblem(m[1], m[2])).filter(Boolean);
}
