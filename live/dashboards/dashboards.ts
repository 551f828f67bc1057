// plimsoll's Grafana dashboards over k6's InfluxDB output. `make dashboards` writes them to
// grafana/dashboards/*.json, which Grafana's file provider loads as they are (no build step there).
import { VariableSort } from '@grafana/schema';
import { annotation, dashboard, row, stat, table, tagVariable, target, timeseries, type ProvisionedDashboard, type SlaLine } from './grafana';
import { influxql, meanRatePerSecond, type Aggregate, type Column, type RunVariable, type SlaLimit } from './influxql';

const RUN = { testid: 'testid' } as const;
/** What a journey's iterations emit (iterations, checks, data, flows): narrowed by the Journey variable. */
const JOURNEY = { testid: 'testid', journey: 'journey' } as const;
/** Requests: narrowed by Journey and Step. */
const REQUESTS = { ...JOURNEY, name: 'step' } as const;
const pct = (p: number): Aggregate => ({ fn: 'percentile', p });
const col = (agg: Aggregate, as: string, extra: Partial<Column> = {}): Column => ({ agg, as, ...extra });

/** The selected run's own limit (SlaLine); lines for the two sides of the comparison are made by `sides`. */
const own = (limit: SlaLimit): SlaLine[] => [{ limit }];

// Panel descriptions say what the limit drawn is: the run's own, and only if its SLA sets one.
const lineNote = (limit: SlaLimit) => `Dashed line: the run's own global ${limit} limit, as it recorded it (none if its SLA sets no ${limit}).`;
const colourNote = (limit: SlaLimit, whose = "the run's") => `Green within ${whose} own global ${limit} limit, red at or over it; uncoloured if its SLA sets no ${limit}.`;

const variables = () => [
  tagVariable({
    name: 'scenario',
    label: 'Scenario',
    description: "The scenario a run ran (scenarios/<name>.ts): k6's scenario tag — a workload mix runs one k6 scenario per journey, <scenario>-<journey>.",
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "scenario"',
    multi: true,
    includeAll: true,
  }),
  tagVariable({
    name: 'profile',
    label: 'Profile',
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "profile" WHERE "scenario" =~ /^$scenario$/',
    multi: true,
    includeAll: true,
  }),
  tagVariable({
    name: 'testid',
    label: 'Run',
    description: 'The testid tag of a run: <scenario>-<timestamp> unless TESTID was set. Newest first.',
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "testid" WHERE "scenario" =~ /^$scenario$/ AND "profile" =~ /^$profile$/',
    sort: VariableSort.alphabeticalDesc,
  }),
  tagVariable({
    name: 'journey',
    label: 'Journey',
    description: "The journey tag: one of a workload mix's journeys (browse, buy), or a scenario's one journey. All also keeps samples outside any journey (setup's).",
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "journey" WHERE "testid" =~ /^$testid$/',
    multi: true,
    includeAll: true,
    // All as every value would drop samples without the tag (setup's preflight): All narrows nothing.
    allValue: '.*',
  }),
  tagVariable({
    name: 'step',
    label: 'Step',
    description: "The name tag of requests: the journey's step (an endpoint list's entry), of the selected journeys.",
    query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "name" WHERE "testid" =~ /^$testid$/ AND "journey" =~ /^$journey$/',
    multi: true,
    includeAll: true,
  }),
];

/** A time series with one line per value of a tag (a step, a journey), over the selected steps and journeys. */
const perTag = (by: 'name' | 'journey', title: string, from: 'http_req_duration' | 'http_req_failed' | 'http_reqs', agg: Aggregate, unit: string, limit?: SlaLimit, size = { w: 12, h: 8 }) =>
  timeseries({
    title,
    description: `${title}, one line per ${by === 'name' ? 'step' : 'journey'}. ${limit ? lineNote(limit) : ''}`.trim(),
    unit,
    sla: limit ? own(limit) : [],
    size,
    // Only samples that have the tag: setup's requests belong to no journey.
    targets: [target('A', influxql({ from, columns: [col(agg, 'value', { perSecond: from === 'http_reqs' })], where: REQUESTS, present: [by], byTime: '$__interval', groupBy: [by] }), { alias: `$tag_${by}` })],
  });

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
  const latency = (p: 50 | 95 | 99) =>
    timeseries({
      title: `Latency p${p}`,
      description: `p${p} of http_req_duration per interval, over the selected steps. ${lineNote(`p${p}`)}`,
      unit: 'ms',
      sla: own(`p${p}`),
      size: { w: 8, h: 8 },
      targets: [target('A', influxql({ from: 'http_req_duration', columns: [col(pct(p), `p${p}`)], where: REQUESTS, byTime: '$__interval' }), { alias: `p${p}` })],
    });
  const judgedStat = (title: string, unit: string, limit: SlaLimit, query: string) =>
    stat({ title, description: colourNote(limit), unit, sla: own(limit), size: { w: 4, h: 4 }, targets: [target('A', query)] });
  return dashboard({
    uid: 'plimsoll-run-overview',
    title: 'plimsoll · Run overview',
    description: "One k6 run streamed with OUT=influxdb: load, latency and failures against the run's own SLA.",
    variables: variables(),
    annotations: runAnnotations(),
    panels: [
      row('Run'),
      stat({ title: 'Requests', size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests')], where: REQUESTS }))] }),
      stat({
        title: 'Mean request rate',
        description: 'Mean requests per second over the seconds that had traffic.',
        unit: 'reqps',
        size: { w: 4, h: 4 },
        targets: [target('A', meanRatePerSecond({ from: 'http_reqs', as: 'req/s', where: REQUESTS }))],
      }),
      judgedStat('p95 latency', 'ms', 'p95', influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95')], where: REQUESTS })),
      judgedStat('p99 latency', 'ms', 'p99', influxql({ from: 'http_req_duration', columns: [col(pct(99), 'p99')], where: REQUESTS })),
      judgedStat('Failed requests', 'percentunit', 'failRate', influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'failed')], where: REQUESTS })),
      stat({ title: 'Checks passed', unit: 'percentunit', size: { w: 4, h: 4 }, targets: [target('A', influxql({ from: 'checks', columns: [col({ fn: 'mean' }, 'passed')], where: JOURNEY }))] }),

      row('Load'),
      timeseries({
        title: 'Request rate',
        description: 'HTTP requests per second, over the selected steps.',
        unit: 'reqps',
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
        targets: [target('A', influxql({ from: 'iterations', columns: [col({ fn: 'count' }, 'iterations', { perSecond: true })], where: JOURNEY, present: ['phase'], byTime: '$__interval', groupBy: ['phase'] }), { alias: '$tag_phase' })],
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
          target('A', influxql({ from: 'data_sent', columns: [col({ fn: 'sum' }, 'sent', { perSecond: true })], where: JOURNEY, byTime: '$__interval', fill: '0' }), { alias: 'sent' }),
          target('B', influxql({ from: 'data_received', columns: [col({ fn: 'sum' }, 'received', { perSecond: true })], where: JOURNEY, byTime: '$__interval', fill: '0' }), { alias: 'received' }),
        ],
      }),
      timeseries({
        title: 'Check pass rate',
        description: 'Share of passing checks per interval.',
        unit: 'percentunit',
        size: { w: 8, h: 8 },
        targets: [target('A', influxql({ from: 'checks', columns: [col({ fn: 'mean' }, 'passed')], where: JOURNEY, byTime: '$__interval' }), { alias: 'checks passed' })],
      }),

      row('Latency and failures'),
      latency(50),
      latency(95),
      latency(99),
      timeseries({
        title: 'Failed-request rate',
        description: `Share of requests k6 counted as failed (http_req_failed: status outside the step's expected one). ${lineNote('failRate')}`,
        unit: 'percentunit',
        sla: own('failRate'),
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

      // A workload mix, journey by journey (a scenario of one journey draws one line).
      row('Per journey'),
      perTag('journey', 'Request rate per journey', 'http_reqs', { fn: 'count' }, 'reqps', undefined, { w: 8, h: 8 }),
      perTag('journey', 'Latency p95 per journey', 'http_req_duration', pct(95), 'ms', 'p95', { w: 8, h: 8 }),
      perTag('journey', 'Failed-request rate per journey', 'http_req_failed', { fn: 'mean' }, 'percentunit', 'failRate', { w: 8, h: 8 }),
    ],
  });
}

/** Per step: the file and uid keep their first name (per-endpoint), so links and bookmarks still work. */
export function perStep(): ProvisionedDashboard {
  return dashboard({
    uid: 'plimsoll-per-endpoint',
    title: 'plimsoll · Per step',
    description: "Latency, failures and rate per step (the name tag: never the raw URL), and each flow's duration.",
    variables: variables(),
    annotations: runAnnotations(),
    panels: [
      table({
        title: 'Steps',
        description:
          "Over the selected time range. req/s: mean requests per second over the seconds the step had traffic. p95, p99 and error rate: green within the run's own global limit (p95, p99, failRate), red at or over it; uncoloured if its SLA sets none.",
        size: { w: 24, h: 8 },
        sortBy: 'requests',
        units: { p95: 'ms', p99: 'ms', 'error rate': 'percentunit', 'req/s': 'reqps' },
        sla: [
          { limit: 'p95', field: 'p95' },
          { limit: 'p99', field: 'p99' },
          { limit: 'failRate', field: 'error rate' },
        ],
        targets: [
          target('A', influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95'), col(pct(99), 'p99')], where: REQUESTS, groupBy: ['name'] }), { table: true }),
          target('B', influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'error rate')], where: REQUESTS, groupBy: ['name'] }), { table: true }),
          target('C', influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests')], where: REQUESTS, groupBy: ['name'] }), { table: true }),
          target('D', meanRatePerSecond({ from: 'http_reqs', as: 'req/s', where: REQUESTS, groupBy: ['name'] }), { table: true }),
        ],
      }),
      perTag('name', 'Latency p50', 'http_req_duration', pct(50), 'ms', 'p50'),
      perTag('name', 'Latency p95', 'http_req_duration', pct(95), 'ms', 'p95'),
      perTag('name', 'Latency p99', 'http_req_duration', pct(99), 'ms', 'p99'),
      perTag('name', 'Error rate', 'http_req_failed', { fn: 'mean' }, 'percentunit', 'failRate'),
      perTag('name', 'Request rate', 'http_reqs', { fn: 'count' }, 'reqps'),
      timeseries({
        title: 'Flow duration p95',
        // No line: a run records its global limits only; a flow's own (sla.flows) judge it in the verdict.
        description: "p95 of flow_duration per interval, one line per flow (Session.flow: steps timed as a whole). Empty for a journey without flows. Narrowed by Journey, not by Step: a flow spans several.",
        unit: 'ms',
        size: { w: 12, h: 8 },
        targets: [target('A', influxql({ from: 'flow_duration', columns: [col(pct(95), 'p95')], where: JOURNEY, byTime: '$__interval', groupBy: ['flow'] }), { alias: '$tag_flow' })],
      }),
    ],
  });
}

export function runComparison(): ProvisionedDashboard {
  const RUNS = ['testid_a', 'testid_b'] as const;
  const side = (v: RunVariable) => (v === 'testid_b' ? 'B' : 'A');
  const run = (v: RunVariable) => ({ testid: v }) as const;
  /** Each side's value judged by its own run's limit: runs under different SLAs stay comparable. */
  const sides = (limit: SlaLimit) => RUNS.map((v) => ({ limit, run: v, field: side(v) }));
  const pair = (title: string, unit: string, limit: SlaLimit | undefined, query: (v: RunVariable) => string) =>
    stat({
      title,
      ...(limit ? { description: colourNote(limit, "each run's"), sla: sides(limit) } : {}),
      unit,
      size: { w: 4, h: 5 },
      targets: RUNS.map((v) => target(side(v), query(v), { alias: side(v) })),
    });
  const sideTable = (title: string, from: 'http_req_duration' | 'http_req_failed', agg: Aggregate, unit: string, limit: SlaLimit, by: 'name' | 'phase') =>
    table({
      title,
      size: by === 'phase' ? { w: 24, h: 7 } : { w: 12, h: 8 },
      units: { A: unit, B: unit },
      sla: sides(limit),
      targets: RUNS.map((v) =>
        // Phase: only samples that have one (not setup's).
        target(side(v), influxql({ from, columns: [col(agg, side(v))], where: run(v), present: by === 'phase' ? ['phase'] : [], groupBy: [by] }), { table: true }),
      ),
    });
  const overTime = (v: RunVariable) =>
    timeseries({
      title: `Latency p95 — run ${side(v)} ($${v})`,
      description: `Set the time range to cover both runs; each panel shows its own run. ${lineNote('p95')}`,
      unit: 'ms',
      sla: [{ limit: 'p95', run: v }],
      size: { w: 12, h: 8 },
      targets: [target('A', influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95')], where: run(v), byTime: '$__interval', groupBy: ['name'] }), { alias: '$tag_name' })],
    });
  const testidVar = (name: RunVariable, label: string) =>
    tagVariable({ name, label, query: 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "testid"', sort: VariableSort.alphabeticalDesc });
  return dashboard({
    uid: 'plimsoll-run-comparison',
    title: 'plimsoll · Run comparison',
    description: 'Two runs side by side (A = baseline, B = candidate), whole-run figures per run, step and phase, each judged by its own SLA.',
    time: { from: 'now-7d', to: 'now' },
    refresh: '',
    variables: [testidVar('testid_a', 'Run A (baseline)'), testidVar('testid_b', 'Run B (candidate)')],
    panels: [
      row('Whole run: A vs B'),
      pair('Requests', 'short', undefined, (v) => influxql({ from: 'http_reqs', columns: [col({ fn: 'count' }, 'requests')], where: run(v) })),
      pair('Request rate', 'reqps', undefined, (v) => meanRatePerSecond({ from: 'http_reqs', as: 'req/s', where: run(v) })),
      pair('p95 latency', 'ms', 'p95', (v) => influxql({ from: 'http_req_duration', columns: [col(pct(95), 'p95')], where: run(v) })),
      pair('p99 latency', 'ms', 'p99', (v) => influxql({ from: 'http_req_duration', columns: [col(pct(99), 'p99')], where: run(v) })),
      pair('Failed requests', 'percentunit', 'failRate', (v) => influxql({ from: 'http_req_failed', columns: [col({ fn: 'mean' }, 'failed')], where: run(v) })),
      pair('Checks passed', 'percentunit', undefined, (v) => influxql({ from: 'checks', columns: [col({ fn: 'mean' }, 'passed')], where: run(v) })),
      row('Per step and phase'),
      sideTable('p95 latency per step', 'http_req_duration', pct(95), 'ms', 'p95', 'name'),
      sideTable('Error rate per step', 'http_req_failed', { fn: 'mean' }, 'percentunit', 'failRate', 'name'),
      sideTable('p95 latency per phase', 'http_req_duration', pct(95), 'ms', 'p95', 'phase'),
      row('Over time'),
      overTime('testid_a'),
      overTime('testid_b'),
    ],
  });
}

/** Every dashboard by file name (grafana/dashboards/<name>.json). */
export function allDashboards(): Record<string, ProvisionedDashboard> {
  return { 'run-overview': runOverview(), 'per-endpoint': perStep(), 'run-comparison': runComparison() };
}
