// A scenario joins a profile, a journey and an SLA into what a k6 script exports: options, setup, the
// iteration, teardown and handleSummary. Every VU evaluates this module and runs its iteration, so it holds
// only that: preparing, validating, options, setup, teardown and reports live in ./control — a bundle of its
// own (dist/control.js, with zod) that only the __VU 0 init contexts load: the one k6 reads options from,
// setup()'s, teardown()'s and handleSummary()'s.
//
// What a VU keeps costs memory in every VU: k6's engine spends ~0.8 KB per VU on each function that another
// function here refers to (measured: bench/README.md, live heap per VU), so this module has few of them.
import exec from 'k6/execution';
import type { Profile } from './profiles/profile';
import type { IterationContext, Journey, JourneyMetric, MetricKind } from './journey/journey';
import { Session } from './journey/session';
import type { ScenarioSla } from './sla/schema';
import { FLOW_METRIC } from './sla/metrics';
import { authHeaders } from './config/auth';
import type { SummaryData } from './verdict/verdict';
import type * as Control from './control';
import type { ForVus } from './control';
import { k6require } from './k6-require';

export { journey } from './journey/journey';
export { think } from './journey/think';
export { feeder } from './data/feeder';
export type { Session, StepResponse, StepOptions } from './journey/session';

// build/bundle.ts keeps './control.js' external: k6 resolves it next to the scenario's bundle.
const control = (__VU === 0 ? k6require('./control.js') : undefined) as typeof Control;
// build/bundle.ts defines it per bundle: the scenario's file name, e.g. "checkout" for scenarios/checkout.ts.
declare const __PLIMSOLL_SCENARIO__: string;

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

/** setup()'s data: plimsoll's part (ForVus as JSON), and what each journey's own setup returned, by journey name. */
export interface SetupData {
  plimsoll: string;
  journeys: Record<string, unknown>;
}

/** What one journey needs in a VU: the journey, its session and its iteration context. */
interface Running {
  journey: AnyJourney;
  session: Session;
  ctx: IterationContext<string, unknown>;
}

interface Scenario {
  /** A scenario of one journey. */
  <J extends AnyJourney>(spec: ScenarioSpec<J> & { journey: J }): ScenarioExports;
  /** A scenario of a workload mix: its SLA may name any step, flow or metric of any of its journeys. */
  <const T extends Mix>(spec: ScenarioSpec<T[number][0]> & { mix: T }): ScenarioExports;
}

/** What scenario() leaves for the iteration, as control.ts receives it. */
export interface Joined {
  journeys: AnyJourney[];
  mix: Mix | undefined;
  headers: Record<string, string> | undefined;
  flowTrend: import('k6/metrics').Trend | undefined;
  metrics: Record<string, JourneyMetric>;
}

// What scenario() leaves for the iteration, at module level with the per-VU state: a closure made inside
// scenario() would keep that call's whole scope alive in every VU (~7 KB, measured), and each object a VU
// keeps costs about half a KB (measured), so these are bindings rather than one object.
let journeys: Joined['journeys'];
let mix: Joined['mix'];
let headers: Joined['headers'];
let flowTrend: Joined['flowTrend'];
let metrics: Joined['metrics'];

// Per VU: the prepared run, parsed from setup()'s data on the first iteration; the journey this VU runs with
// its session and context, made on its first iteration (and in a mix, each journey's, should k6 move the VU
// to another journey's scenario); whether the plan has more than one span, when its scenario started and
// when the current span ends (ms since the epoch); the activation (__ENV) the tags were written in.
let vu: ForVus | undefined;
let current: Running | undefined;
let running: Running[] | undefined;
let spans = false;
let start: number | undefined;
let next = Infinity;
let activation: typeof __ENV | undefined;

function iteration(data: SetupData) {
  // Every sample of this iteration carries the phase (and window) it started in: per-phase thresholds and
  // the derived measures need them. Writing a tag copies the VU's tag set, and exec.scenario and exec.vu
  // build new objects on every access: done per iteration, that cost a third of k6's throughput. So tags
  // are written when the span changes, or when k6 has re-activated the VU (a closed model's ramp-down and
  // up, another scenario), which resets them and gives the VU a new __ENV object — cheaper to compare than
  // reading a live tag. The span: phaseClock's lookup, over the spans VU 0 computed.
  if (activation !== __ENV || (spans && Date.now() >= next)) enter(data);
  // Read through `current`, not into locals: each local deepens the JS stack every request runs on.
  if (current!.journey.feed) current!.ctx.row = current!.journey.feed.row();
  current!.journey.iteration(current!.session, current!.ctx);
}

/** A new span or a new activation: the VU's tags, and the journey it runs. A function of its own: its locals would deepen every iteration's JS stack, which k6 makes anew on every iteration. */
function enter(data: SetupData) {
  if (vu === undefined) {
    if (!data?.plimsoll) throw 'plimsoll: setup() did not run (k6 run --no-setup?): a plimsoll scenario hands its VUs the prepared run there';
    vu = JSON.parse(data.plimsoll) as ForVus;
    spans = vu.ends.length > 1;
  }
  const ends = vu.ends;
  let k = 0;
  if (spans) {
    const elapsed = Date.now() - (start ??= exec.scenario.startTime);
    while (k < ends.length - 1 && elapsed >= ends[k]!) k++;
    next = k < ends.length - 1 ? start + ends[k]! : Infinity;
  }
  const tags = vu.tags[k]!;
  const live = exec.vu.metrics.tags;
  if (live.phase !== tags.phase) live.phase = tags.phase;
  if (live.window !== tags.window) {
    if (tags.window) live.window = tags.window;
    else delete live.window;
  }
  activation = __ENV;
  // In a mix, the k6 scenario's `journey` tag says which journey this VU runs.
  let index = 0;
  if (mix) {
    const name = live.journey;
    while (index < mix.length && mix[index]![0].name !== name) index++;
    current = (running ??= [])[index];
  }
  if (current !== undefined) return;
  // The journey's part of setup()'s data is taken once: each read of k6's setup data makes a new wrapper.
  const journey = journeys[index]!;
  current = { journey, session: new Session(vu.target, headers, vu.timeout, flowTrend), ctx: { data: data.journeys[journey.name], row: {}, metrics, endpoints: vu.endpoints } };
  if (mix) running![index] = current;
}

export const scenario: Scenario = (spec: ScenarioSpec<AnyJourney> & { journey?: AnyJourney; mix?: Mix }): ScenarioExports => {
  // This runs in every VU's init context. What only VU 0 needs (preparing, options, setup, reports) lives in
  // ./control; the rest uses plain loops and objects — no Map, no Object.* but keys, no for…of or for…in,
  // no string methods — since k6's engine builds each built-in a VU touches in that VU.
  mix = spec.mix;
  journeys = mix ? mix.map((pair) => pair[0]) : [spec.journey!];
  // k6 makes metrics only in the init context: every journey's own metrics, and flow_duration if any has flows.
  let flows = false;
  let declared = false;
  for (let i = 0; i < journeys.length; i++) {
    if (journeys[i]!.flows?.length) flows = true;
    if (journeys[i]!.metrics) declared = true;
  }
  const { Counter, Gauge, Rate, Trend } = (declared || flows ? k6require('k6/metrics') : {}) as typeof import('k6/metrics');
  metrics = {};
  for (let i = 0; i < journeys.length; i++) {
    const own = journeys[i]!.metrics as Record<string, MetricKind> | undefined;
    if (!own) continue;
    for (let n = 0, names = Object.keys(own); n < names.length; n++) {
      const name = names[n]!;
      const kind = own[name];
      metrics[name] = kind === 'counter' ? new Counter(name) : kind === 'rate' ? new Rate(name) : kind === 'gauge' ? new Gauge(name) : new Trend(name, kind === 'time');
    }
  }
  headers = authHeaders({ AUTH_TOKEN: __ENV.AUTH_TOKEN ?? spec.defaults?.AUTH_TOKEN, AUTH_TOKEN_FILE: __ENV.AUTH_TOKEN_FILE ?? spec.defaults?.AUTH_TOKEN_FILE });
  flowTrend = flows ? new Trend(FLOW_METRIC, true) : undefined;
  return __VU === 0 ? control.scenarioExports(__PLIMSOLL_SCENARIO__, spec, { journeys, mix, headers, flowTrend, metrics }, iteration) : ({ iteration } as ScenarioExports);
};
