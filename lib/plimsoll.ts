// A scenario joins a profile, a journey and an SLA into what a k6 script exports: options, setup, the
// iteration, teardown and handleSummary. Every VU evaluates this module, so it only reads prepared data:
// validation, translation and reporting live in ./control — a bundle of its own (dist/control.js, with
// zod) that only the __VU 0 init contexts load: the one k6 reads options from, setup()'s, teardown()'s
// and handleSummary()'s.
import exec from 'k6/execution';
import type * as Data from 'k6/data';
import { phaseClock, type PhaseTags, type Profile } from './profiles/profile';
import type { IterationContext, Journey, JourneyDeclaration, JourneyMetric, MetricKind } from './journey/journey';
import { Session } from './journey/session';
import type { RunEndpoint } from './journey/endpoints';
import type { ScenarioSla } from './sla/schema';
import { FLOW_METRIC, SLA_METRIC } from './sla/metrics';
import { authHeaders } from './config/auth';
import type { SummaryData } from './verdict/verdict';
import type * as Control from './control';
import { k6require } from './k6-require';

export { journey } from './journey/journey';
export { think } from './journey/think';
export { feeder } from './data/feeder';
export type { Session, StepResponse, StepOptions } from './journey/session';

// build/bundle.ts keeps './control.js' external: k6 resolves it next to the scenario's bundle.
const control = (__VU === 0 ? k6require('./control.js') : undefined) as typeof Control;
// build/bundle.ts defines it per bundle: the scenario's file name, e.g. "checkout" for scenarios/checkout.ts.
declare const __PLIMSOLL_SCENARIO__: string;
// k6's console (absent from @types/k6).
declare const console: { log(message: string): void };

type StepsOf<J> = J extends Journey<infer S, any, any, any, any> ? S : never;
type FlowsOf<J> = J extends Journey<any, infer F, any, any, any> ? F : never;
type MetricsOf<J> = J extends Journey<any, any, infer M, any, any> ? M : never;

export interface ScenarioSpec<J extends Journey<any, any, any, any, any>> {
  profile: Profile<any>;
  /** The scenario's own defaults for its profile's settings (RATE: '3'): the environment and flags still win. */
  defaults?: Record<string, string>;
  /** The scenario's SLA, typed by its journeys' names; SLA=path.json replaces it for one run. */
  sla: ScenarioSla<StepsOf<J>, FlowsOf<J>, MetricsOf<J>>;
}

type AnyJourney = Journey<any, any, any, any, any>;
/** A workload mix: journeys with their shares of the profile's arrival rate (adding up to 1). */
type Mix = readonly (readonly [AnyJourney, number])[];

/**
 * What a scenario exports to k6. options, setup, teardown and handleSummary exist in k6's __VU 0 contexts,
 * the only ones that read or call them; VUs that make requests get `iteration` alone (each function object
 * is memory in every VU).
 */
export interface ScenarioExports {
  options: { scenarios: Control.Prepared['scenarios']; thresholds: Control.Prepared['thresholds']; summaryTrendStats: string[]; tags: Record<string, string>; systemTags: string[] } | undefined;
  setup: () => SetupData;
  teardown: (data: SetupData) => void;
  iteration: (data: SetupData) => void;
  handleSummary: (data: SummaryData) => Record<string, string>;
}

/**
 * What every VU needs of the prepared run, in the form an iteration needs it. It reaches VUs as JSON text
 * in setup()'s data, parsed once per VU: k6 hands setup data to VUs as Go maps, whose every property read
 * makes a new JS wrapper (so no object identity, and a cost on each iteration); a SharedArray would cost
 * ~10 KB more per VU (measured). No secret goes in it (lib/config/auth.ts).
 */
interface ForVus {
  target: string;
  timeout: string;
  /** The phase clock as data (lib/profiles/profile.ts): where each span ends (ms from the scenario's start), and its tags. */
  ends: number[];
  tags: PhaseTags[];
  endpoints: RunEndpoint[];
}

/** setup()'s data: plimsoll's part (ForVus as JSON), and what each journey's own setup returned, by journey name. */
export interface SetupData {
  plimsoll: string;
  journeys: Record<string, unknown>;
}

/** What one journey needs in a VU: its session and its iteration context. */
interface Running {
  session: Session;
  ctx: IterationContext<string, unknown>;
}

interface Scenario {
  /** A scenario of one journey. */
  <J extends AnyJourney>(spec: ScenarioSpec<J> & { journey: J }): ScenarioExports;
  /** A scenario of a workload mix: its SLA may name any step, flow or metric of any of its journeys. */
  <const T extends Mix>(spec: ScenarioSpec<T[number][0]> & { mix: T }): ScenarioExports;
}

/**
 * What scenario() leaves for the iteration, which lives at module level with its per-VU state rather than
 * as a closure inside scenario(): a function made inside that large scope cost ~7 KB more per VU on its
 * first call than the same function here (measured: bench/README.md, live heap per VU).
 */
let joined: { journeys: AnyJourney[]; mix: Mix | undefined; headers: Record<string, string> | undefined; flowTrend: import('k6/metrics').Trend | undefined; metrics: Record<string, JourneyMetric> } | undefined;

// Per VU: each journey's session and context, made on the journey's first iteration here (a VU of a mix
// runs one journey); when its scenario started; k6's live view of its tags (one object for the VU's
// life); the span whose tags it last wrote there, and the journey that span's iterations ran.
const running: Running[] = [];
// `data` is the journey's part of setup()'s data, taken once: each read of k6's setup data makes a new wrapper.
const run = (i: number, vu: ForVus, data?: unknown) =>
  (running[i] ??= { session: new Session(vu.target, joined!.headers, vu.timeout, joined!.flowTrend), ctx: { data, row: {}, metrics: joined!.metrics, endpoints: vu.endpoints } });
let start: number | undefined;
let vuTags: typeof exec.vu.metrics.tags | undefined;
let written: PhaseTags | undefined;
let index = 0;
let vu: ForVus | undefined;

function iteration(data: SetupData) {
  const { journeys, mix } = joined!;
  vu ??= JSON.parse(data?.plimsoll ?? noSetup()) as ForVus;
  // Every sample of this iteration carries the phase (and window) it started in: per-phase
  // thresholds and the derived measures need them. exec.scenario and exec.vu build new objects on
  // every access, and writing a tag copies the VU's tag set: done per iteration, that cost a third
  // of k6's throughput. So both are read once, and tags are written only when the span changes.
  // The span: phaseClock's lookup, over the spans VU 0 computed (a plan of one span needs no clock).
  const ends = vu.ends;
  let k = 0;
  if (ends.length > 1) {
    const elapsed = Date.now() - (start ??= exec.scenario.startTime);
    while (k < ends.length - 1 && elapsed >= ends[k]!) k++;
  }
  const tags = vu.tags[k]!;
  const live = (vuTags ??= exec.vu.metrics.tags);
  // k6 resets a VU's tags when it re-activates the VU (perhaps for another scenario of a mix): one read
  // of the live `phase` per iteration sees that (each read is a call into k6, about a microsecond).
  if (written !== tags || live.phase !== tags.phase) {
    if (live.phase !== tags.phase) live.phase = tags.phase;
    if (live.window !== tags.window) {
      if (tags.window) live.window = tags.window;
      else delete live.window;
    }
    written = tags;
    // In a mix, the k6 scenario's `journey` tag says which journey this VU runs.
    if (mix) {
      const name = live.journey;
      index = 0;
      while (index < mix.length && mix[index]![0].name !== name) index++;
    }
  }
  const j = journeys[index]!;
  const r = running[index] ?? run(index, vu, data.journeys[j.name]);
  if (j.feed) r.ctx.row = j.feed.row();
  j.iteration(r.session, r.ctx);
}

export const scenario: Scenario = (spec: ScenarioSpec<AnyJourney> & { journey?: AnyJourney; mix?: Mix }): ScenarioExports => {
  // This runs in every VU's init context, and k6's engine holds each function and each built-in a VU
  // touches in every VU: what only VU 0 needs (preparing, options, setup, reports) is made only there,
  // and the rest uses plain loops and objects — no Map, no Object.*, no for…of or for…in, no string methods.
  const { profile, sla } = spec;
  const vu0 = __VU === 0;
  let prepare: (() => unknown[]) | undefined;
  if (vu0) {
    const mix = spec.mix ?? [[spec.journey!, 1]];
    const declaration = (j: Journey): JourneyDeclaration => ({
      name: j.name,
      steps: [...j.steps],
      flows: [...(j.flows ?? [])],
      metrics: { ...(j.metrics ?? {}) },
      requests: j.expect?.requests,
      think: j.expect?.think,
      endpoints: j.endpoints === true,
      feed: j.feed && { name: j.feed.name, strategy: j.feed.strategy },
    });
    const parts = () => mix.map(([j, share]) => ({ journey: declaration(j), share }));
    // `plimsoll help` / `list`: `k6 inspect -e PLIMSOLL_DESCRIBE=1` prints what the scenario is; nothing is prepared or run.
    if (__ENV.PLIMSOLL_DESCRIBE === '1') {
      console.log(JSON.stringify(control.describe(__PLIMSOLL_SCENARIO__, profile, parts(), sla, spec.defaults ?? {})));
      throw 'plimsoll: described';
    }
    prepare = () => {
      const all = control.prepare(__PLIMSOLL_SCENARIO__, profile, parts(), sla, { ...spec.defaults, ...__ENV });
      const clock = phaseClock(all.plan);
      const forVus: ForVus = {
        target: all.target,
        timeout: all.timeout,
        ends: clock.ends,
        tags: clock.tags,
        endpoints: all.endpoints.map((e) => (e.path.includes('{id}') ? { ...e, ids: true as const } : e)),
      };
      return [forVus, all];
    };
  }
  const mix = spec.mix;
  const journeys = mix ? mix.map((pair) => pair[0]) : [spec.journey!];
  // k6 makes metrics only in the init context: every journey's own metrics, and flow_duration if any has
  // flows. Indexed loops and Object.keys: for…of, for…in (it walks Object.prototype) and Object.entries
  // would each make k6 build more built-ins in every VU.
  let flows = false;
  let declared = false;
  for (let i = 0; i < journeys.length; i++) {
    if (journeys[i]!.flows?.length) flows = true;
    if (journeys[i]!.metrics) declared = true;
  }
  const { Counter, Gauge, Rate, Trend } = (vu0 || declared || flows ? k6require('k6/metrics') : {}) as typeof import('k6/metrics');
  const flowTrend = flows ? new Trend(FLOW_METRIC, true) : undefined;
  const metrics = {} as Record<string, JourneyMetric>;
  for (let i = 0; i < journeys.length; i++) {
    const own = journeys[i]!.metrics as Record<string, MetricKind> | undefined;
    if (!own) continue;
    for (let n = 0, names = Object.keys(own); n < names.length; n++) {
      const name = names[n]!;
      const kind = own[name];
      metrics[name] = kind === 'counter' ? new Counter(name) : kind === 'rate' ? new Rate(name) : kind === 'gauge' ? new Gauge(name) : new Trend(name, kind === 'time');
    }
  }
  const setting = (name: string): string | undefined => __ENV[name] ?? spec.defaults?.[name];
  const headers = authHeaders({ AUTH_TOKEN: setting('AUTH_TOKEN'), AUTH_TOKEN_FILE: setting('AUTH_TOKEN_FILE') });

  joined = { journeys, mix, headers, flowTrend, metrics };
  if (!vu0) return { iteration } as ScenarioExports;

  // The first init context (VU 0) prepares; k6 calls the function only where the array does not exist
  // yet, so VU 0's later contexts (setup's, teardown's, handleSummary's) read what it prepared. A bad
  // setting throws there, before any VU or request exists.
  const shared = new (k6require('k6/data') as typeof Data).SharedArray('plimsoll', prepare!);
  const forVus = shared[0] as ForVus;
  const p = shared[1] as Control.Prepared;
  const http = k6require('k6/http') as typeof import('k6/http');
  const session = (i: number) => run(i, forVus).session;
  // The run's own SLA limits as samples (metric plimsoll_sla, tag `limit`), written by setup and teardown:
  // live results (InfluxDB, Grafana) draw the limits this run is judged by, not a default. VU 0 only.
  const slaGauge = new Gauge(SLA_METRIC);
  const recordSla = () => Object.entries(p.sla.slaLines).forEach(([limit, value]) => slaGauge.add(value, { limit }));
  return {
    // k6 reads options from the __VU 0 context only.
    options: {
      scenarios: p.scenarios,
      thresholds: p.thresholds,
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'],
      tags: p.testid ? { testid: p.testid } : {},
      // k6's default system tags without `url`: step names tag every sample, so raw URLs (with IDs, and
      // perhaps tokens in query strings) never become tags, in the summary or in InfluxDB.
      systemTags: ['proto', 'subproto', 'status', 'method', 'name', 'group', 'check', 'error', 'error_code', 'tls_version', 'scenario', 'service', 'expected_response'],
    },
    /**
     * Preflight, then each journey's own setup: a target that cannot be reached stops the run before the
     * ramp, with one line; what a journey's setup returns reaches its iterations as `data` (by journey name).
     */
    setup() {
      const res = http.get(p.target, { headers, timeout: '10s', tags: { name: 'preflight', profile: profile.name, phase: 'setup' }, responseCallback: http.expectedStatuses({ min: 100, max: 599 }) });
      if (res.status === 0) exec.test.abort(`plimsoll: TARGET='${p.sla.target}' is not reachable (${res.error}); nothing else was sent`);
      exec.vu.metrics.tags.phase = 'setup';
      recordSla();
      return { plimsoll: JSON.stringify(forVus), journeys: Object.fromEntries(journeys.map((j, i) => [j.name, j.setup?.(session(i))])) };
    },
    teardown(data) {
      exec.vu.metrics.tags.phase = 'teardown';
      journeys.forEach((j, i) => j.teardown?.(session(i), data?.journeys[j.name]));
      recordSla();
    },
    iteration,
    handleSummary: (data) => control.summarize(p, data),
  };
};

/** `k6 run --no-setup` skips what hands VUs the prepared run. */
const noSetup = (): never => {
  throw 'plimsoll: setup() did not run (k6 run --no-setup?): a plimsoll scenario hands its VUs the prepared run there';
};
