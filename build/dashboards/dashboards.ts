// plimsoll's Grafana dashboards over k6's InfluxDB output. `make dashboards` writes them to
// grafana/dashboards/*.json, which Grafana's file provider loads as they are (no build step there).
import { VariableSort } from '@grafana/schema';
import { defaultSla } from '../../lib/sla/default';
import { annotation, dashboard, row, stat, table, tagVariable, target, timeseries, type Limit, type ProvisionedDashboard } from './grafana';
import { influxql, meanRatePerSecond, type Aggregate, type Column } from './influxql';

/** The SLA drawn as threshold lines: the default one, the same values the runs are judged by. */
const sla = defaultSla.global ?? {};
const above = (value: number | undefined): Limit | undefined => (value === undefined ? undefined : { value, bad: 'above' });
const below = (value: number | undefined): Limit | undefined => (value === undefined ? undefined : { value, bad: 'below' });
const LIMITS = {
  p50: above(sla.p50),
  p95: above(sla.p95),
  p99: above(sla.p99),
  failRate: above(sla.failRate),
  checkRate: below(sla.checkRate),
  minRate: below(sla.minRate),
};

const RUN = { testid: 'testid' } as const;
const REQUESTS = { testid: 'testid', name: 'endpoint' } as const;
const pct = (p: number): Aggregate => ({ fn: 'percentile', p });
const col = (agg: Aggregate, as: string, extra: Partial<Column> = {}): Column => ({ agg, as, ...extra });

const withSla = (text: string, limit: Limit | undefined, unit = '') =>
  limit ? `${text} Dashed line: the SLA limit (${limit.value}${unit}, from lib/sla/default.ts).` : text;

const variables = () => [
  tagVariable({ name: 'profile', label: 'Profile', query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "profile"', multi: true, includeAll: true }),
  tagVariable({
    name: 'testid',
    label: 'Run',
    description: 'The testid tag of a run: <profile>-<timestamp> unless TESTID was set. Newest first.',
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "testid" WHERE "profile" =~ /^$profile$/',
    sort: VariableSort.alphabeticalDesc,
  }),
  tagVariable({
    name: 'endpoint',
    label: 'Endpoint',
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "name" WHERE "testid" =~ /^$testid$/',
    multi: true,
    includeAll: true,
  }),
];

const runAnnotations = () => [
  annotation({
    name: 'Phases',
    color: 'purple',
    // One marker per phase, at its first iteration.
    query: influxql({ from: 'iterations', columns: [col({ fn: 'first' }, 'iterations')], selectTags: ['phase'], where: RUN, present: ['phase'], groupBy: ['phase'] }),
    titleColumn: 'phase',
    tagsColumn: 'phase',
  }),
  annotation({
    name: 'Run start',
    color: 'green',
    query: influxql({ from: 'vus', columns: [col({ fn: 'first' }, 'vus')], selectTags: ['testid'], where: RUN }),
    titleColumn: 'testid',
    textColumn: 'vus',
  }),
  annotation({
    name: 'Run end',
    color: 'red',
    query: influxql({ from: 'vus', columns: [col({ fn: 'last' }, 'vus')], selectTags: ['testid'], where: RUN }),
    titleColumn: 'testid',
    textColumn: 'vus',
  }),
];

export function runOverview(): ProvisionedDashboard {
  const latency = (p: 50 | 95 | 99, limit: Limit | undefined) =>
    timeseries({
      title: `Latency p${p}`,
      description: withSla(`p${p} of http_req_duration per interval, over the selected endpoints.`, limit, ' ms'),
      unit: 'ms',
      limit,
      size: { w: 8, h: 8 },
      targets: [target('A', influxql({ from: 'http_req_duration', columns: [col(pct(p), `p${p}`)], where: REQUESTS, byTime: '$__interval' }), { alias: `p${p}` })],
    });
  return dashboard({
    uid: 'plimsoll-run-overview',
    title: 'plimsoll · Run overview',
    description: 'One k6 run streamed with OUT=influxdb: load, latency and failures against the SLA.',
    variables: variables(),
    annotations: runAnnotations(),
    panels: [
      row('Run'),
      stat({ title: 'Requests', size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests')], where: REQUESTS }))] }),
      stat({
        title: 'Mean request rate',
        description: withSla('Mean requests per second over the seconds that had traffic.', LIMITS.minRate, ' req/s'),
        unit: 'reqps',
        limit: LIMITS.minRate,
        size: { w: 4, h: 4 },
        targets: [target('A', meanRatePerSecond({ from: 'http_reqs', as: 'req/s', where: REQUESTS }))],
      }),
      stat({ title: 'p95 latency', unit: 'ms', limit: LIMITS.p95, size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95')], where: REQUESTS }))] }),
      stat({ title: 'p99 latency', unit: 'ms', limit: LIMITS.p99, size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'http_req_duration', columns: [col(pct(99), 'p99')], where: REQUESTS }))] }),
      stat({ title: 'Failed requests', unit: 'percentunit', limit: LIMITS.failRate, size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'failed')], where: REQUESTS }))] }),
      stat({ title: 'Checks passed', unit: 'percentunit', limit: LIMITS.checkRate, size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'checks', columns: [col({ fn: 'mean' }, 'passed')], where: RUN }))] }),

      row('Load'),
      timeseries({
        title: 'Request rate',
        description: withSla('HTTP requests per second, over the selected endpoints.', LIMITS.minRate, ' req/s'),
        unit: 'reqps',
        limit: LIMITS.minRate,
        size: { w: 8, h: 8 },
        targets: [target('A', influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests', { perSecond: true })], where: REQUESTS, byTime: '$__interval', fill: '0' }), { alias: 'requests/s' })],
      }),
      timeseries({
        title: 'Active VUs',
        description: 'VUs busy running iterations, and the VUs allocated (the open model grows the pool when the target slows).',
        size: { w: 8, h: 8 },
        targets: [
          target('A', influxql({ from: 'vus', columns: [col({ fn: 'max' }, 'vus')], where: RUN, byTime: '$__interval' }), { alias: 'active' }),
          target('B', influxql({ from: 'vus_max', columns: [col({ fn: 'max' }, 'vus_max')], where: RUN, byTime: '$__interval' }), { alias: 'allocated' }),
        ],
      }),
      timeseries({
        title: 'Iterations',
        description: 'Iterations completed per second, by phase.',
        unit: 'iters/s',
        stack: true,
        size: { w: 8, h: 8 },
        targets: [target('A', influxql({ from: 'iterations', columns: [col({ fn: 'count' }, 'iterations', { perSecond: true })], where: RUN, present: ['phase'], byTime: '$__interval', groupBy: ['phase'] }), { alias: '$tag_phase' })],
      }),
      timeseries({
        title: 'Dropped iterations',
        description: 'Iterations the open model could not start for lack of a free VU: the generator, not the target, fell short (raise MAX_VUS).',
        bars: true,
        size: { w: 8, h: 8 },
        targets: [target('A', influxql({ from: 'dropped_iterations', columns: [col({ fn: 'sum' }, 'dropped')], where: RUN, byTime: '$__interval', fill: '0' }), { alias: 'dropped' })],
      }),
      timeseries({
        title: 'Data sent and received',
        unit: 'Bps',
        size: { w: 8, h: 8 },
        targets: [
          target('A', influxql({ from: 'data_sent', columns: [col({ fn: 'sum' }, 'sent', { perSecond: true })], where: RUN, byTime: '$__interval', fill: '0' }), { alias: 'sent' }),
          target('B', influxql({ from: 'data_received', columns: [col({ fn: 'sum' }, 'received', { perSecond: true })], where: RUN, byTime: '$__interval', fill: '0' }), { alias: 'received' }),
        ],
      }),
      timeseries({
        title: 'Check pass rate',
        description: withSla('Share of passing checks per interval.', LIMITS.checkRate),
        unit: 'percentunit',
        limit: LIMITS.checkRate,
        size: { w: 8, h: 8 },
        targets: [target('A', influxql({ from: 'checks', columns: [col({ fn: 'mean' }, 'passed')], where: RUN, byTime: '$__interval' }), { alias: 'checks passed' })],
      }),

      row('Latency and failures'),
      latency(50, LIMITS.p50),
      latency(95, LIMITS.p95),
      latency(99, LIMITS.p99),
      timeseries({
        title: 'Failed-request rate',
        description: withSla("Share of requests k6 counted as failed (http_req_failed: status outside the endpoint's expected one).", LIMITS.failRate),
        unit: 'percentunit',
        limit: LIMITS.failRate,
        size: { w: 12, h: 8 },
        targets: [target('A', influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'failed')], where: REQUESTS, byTime: '$__interval' }), { alias: 'failed' })],
      }),
      timeseries({
        title: 'Requests by status',
        unit: 'reqps',
        stack: true,
        size: { w: 12, h: 8 },
        targets: [target('A', influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests', { perSecond: true })], where: REQUESTS, byTime: '$__interval', groupBy: ['status'] }), { alias: '$tag_status' })],
      }),
    ],
  });
}

export function perEndpoint(): ProvisionedDashboard {
  const byName = (title: string, agg: Aggregate, unit: string, limit?: Limit, perSecond = false) =>
    timeseries({
      title,
      description: withSla(`${title}, one line per endpoint name.`, limit, unit === 'ms' ? ' ms' : ''),
      unit,
      limit,
      size: { w: 12, h: 8 },
      targets: [
        target('A', influxql({ from: agg.fn === 'mean' ? 'http_req_failed' : agg.fn === 'count' ? 'http_reqs' : 'http_req_duration', columns: [col(agg, 'value', { perSecond })], where: REQUESTS, byTime: '$__interval', groupBy: ['name'] }), {
          alias: '$tag_name',
        }),
      ],
    });
  return dashboard({
    uid: 'plimsoll-per-endpoint',
    title: 'plimsoll · Per endpoint',
    description: 'Latency, failures and rate per endpoint name (the name tag: never the raw URL).',
    variables: variables(),
    annotations: runAnnotations(),
    panels: [
      table({
        title: 'Endpoints',
        description: 'Over the selected time range. req/s: mean requests per second over the seconds the endpoint had traffic.',
        size: { w: 24, h: 8 },
        sortBy: 'requests',
        units: { p95: 'ms', p99: 'ms', 'error rate': 'percentunit', 'req/s': 'reqps' },
        limits: { ...(LIMITS.p95 ? { p95: LIMITS.p95 } : {}), ...(LIMITS.p99 ? { p99: LIMITS.p99 } : {}), ...(LIMITS.failRate ? { 'error rate': LIMITS.failRate } : {}) },
        targets: [
          target('A', influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95'), col(pct(99), 'p99')], where: REQUESTS, groupBy: ['name'] }), { table: true }),
          target('B', influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'error rate')], where: REQUESTS, groupBy: ['name'] }), { table: true }),
          target('C', influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests')], where: REQUESTS, groupBy: ['name'] }), { table: true }),
          target('D', meanRatePerSecond({ from: 'http_reqs', as: 'req/s', where: REQUESTS, groupBy: ['name'] }), { table: true }),
        ],
      }),
      byName('Latency p50', pct(50), 'ms', LIMITS.p50),
      byName('Latency p95', pct(95), 'ms', LIMITS.p95),
      byName('Latency p99', pct(99), 'ms', LIMITS.p99),
      byName('Error rate', { fn: 'mean' }, 'percentunit', LIMITS.failRate),
      byName('Request rate', { fn: 'count' }, 'reqps', undefined, true),
    ],
  });
}

export function runComparison(): ProvisionedDashboard {
  const run = (v: 'testid_a' | 'testid_b') => ({ testid: v }) as const;
  const pair = (title: string, unit: string, limit: Limit | undefined, query: (v: 'testid_a' | 'testid_b') => string) =>
    stat({
      title,
      unit,
      limit,
      size: { w: 4, h: 5 },
      targets: [target('A', query('testid_a'), { alias: 'A' }), target('B', query('testid_b'), { alias: 'B' })],
    });
  const endpointTable = (title: string, from: 'http_req_duration' | 'http_req_failed', agg: Aggregate, unit: string, limit?: Limit) =>
    table({
      title,
      size: { w: 12, h: 8 },
      units: { A: unit, B: unit },
      limits: limit ? { A: limit, B: limit } : {},
      targets: (['testid_a', 'testid_b'] as const).map((v, i) =>
        target(i ? 'B' : 'A', influxql({ from, columns: [col(agg, i ? 'B' : 'A')], where: run(v), groupBy: ['name'] }), { table: true }),
      ),
    });
  const side = (v: 'testid_a' | 'testid_b', label: string) =>
    timeseries({
      title: `Latency p95 — run ${label} ($${v})`,
      description: withSla('Set the time range to cover both runs; each panel shows its own run.', LIMITS.p95, ' ms'),
      unit: 'ms',
      limit: LIMITS.p95,
      size: { w: 12, h: 8 },
      targets: [target('A', influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95')], where: run(v), byTime: '$__interval', groupBy: ['name'] }), { alias: '$tag_name' })],
    });
  const testidVar = (name: 'testid_a' | 'testid_b', label: string) =>
    tagVariable({ name, label, query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "testid"', sort: VariableSort.alphabeticalDesc });
  return dashboard({
    uid: 'plimsoll-run-comparison',
    title: 'plimsoll · Run comparison',
    description: 'Two runs side by side (A = baseline, B = candidate), whole-run figures per run, endpoint and phase.',
    time: { from: 'now-7d', to: 'now' },
    refresh: '',
    variables: [testidVar('testid_a', 'Run A (baseline)'), testidVar('testid_b', 'Run B (candidate)')],
    panels: [
      row('Whole run: A vs B'),
      pair('Requests', 'short', undefined, (v) => influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests')], where: run(v) })),
      pair('Request rate', 'reqps', LIMITS.minRate, (v) => meanRatePerSecond({ from: 'http_reqs', as: 'req/s', where: run(v) })),
      pair('p95 latency', 'ms', LIMITS.p95, (v) => influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95')], where: run(v) })),
      pair('p99 latency', 'ms', LIMITS.p99, (v) => influxql({ from: 'http_req_duration', columns: [col(pct(99), 'p99')], where: run(v) })),
      pair('Failed requests', 'percentunit', LIMITS.failRate, (v) => influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'failed')], where: run(v) })),
      pair('Checks passed', 'percentunit', LIMITS.checkRate, (v) => influxql({ from: 'checks', columns: [col({ fn: 'mean' }, 'passed')], where: run(v) })),
      row('Per endpoint and phase'),
      endpointTable('p95 latency per endpoint', 'http_req_duration', pct(95), 'ms', LIMITS.p95),
      endpointTable('Error rate per endpoint', 'http_req_failed', { fn: 'mean' }, 'percentunit', LIMITS.failRate),
      table({
        title: 'p95 latency per phase',
        size: { w: 24, h: 7 },
        units: { A: 'ms', B: 'ms' },
        limits: LIMITS.p95 ? { A: LIMITS.p95, B: LIMITS.p95 } : {},
        targets: (['testid_a', 'testid_b'] as const).map((v, i) =>
          target(i ? 'B' : 'A', influxql({ from: 'http_req_duration', columns: [col(pct(95), i ? 'B' : 'A')], where: run(v), present: ['phase'], groupBy: ['phase'] }), { table: true }),
        ),
      }),
      row('Over time'),
      side('testid_a', 'A'),
      side('testid_b', 'B'),
    ],
  });
}

/** Every dashboard by file name (grafana/dashboards/<name>.json). */
export function allDashboards(): Record<string, ProvisionedDashboard> {
  return { 'run-overview': runOverview(), 'per-endpoint': perEndpoint(), 'run-comparison': runComparison() };
}
