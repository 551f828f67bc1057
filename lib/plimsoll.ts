// A scenario joins a profile, a journey and an SLA into what a k6 script exports: options, setup, the
// iteration, teardown and handleSummary. Every VU evaluates this module, so it only reads prepared data:
// validation, translation and reporting live in ./control — a bundle of its own (dist/control.js, with
// zod) that only the __VU 0 init contexts load: the one k6 reads options from, setup()'s, teardown()'s
// and handleSummary()'s.
import exec from 'k6/execution';
import http from 'k6/http';
import { SharedArray } from 'k6/data';
import { Gauge, Trend } from 'k6/metrics';
import { phaseClock, type Profile } from './profiles/profile';
import { declaration, makeMetrics, type IterationContext, type Journey } from './journey/journey';
import { Session } from './journey/session';
import type { ScenarioSla } from './sla/schema';
import { FLOW_METRIC, SLA_METRIC } from './sla/metrics';
import type { SummaryData } from './verdict/verdict';
import type * as Control from './control';

export { journey } from './journey/journey';
export { think } from './journey/think';
export { feeder } from './data/feeder';
export type { Session, StepResponse, StepOptions } from './journey/session';

// build/bundle.ts keeps './control.js' external: k6 resolves it next to the scenario's bundle.
declare const require: (id: string) => unknown;
const control = (__VU === 0 ? require('./control.js') : undefined) as typeof Control;
// build/bundle.ts defines it per bundle: the scenario's file name, e.g. "checkout" for scenarios/checkout.ts.
declare const __PLIMSOLL_SCENARIO__: string;
// k6's console (absent from @types/k6).
declare const console: { log(message: string): void };

// k6's default system tags without `url`: step names tag every sample, so raw URLs (with IDs, and
// perhaps tokens in query strings) never become tags, in the summary or in InfluxDB.
const SYSTEM_TAGS = ['proto', 'subproto', 'status', 'method', 'name', 'group', 'check', 'error', 'error_code', 'tls_version', 'scenario', 'service', 'expected_response'];

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

/** A scenario of one journey. */
export function scenario<J extends AnyJourney>(spec: ScenarioSpec<J> & { journey: J }): ScenarioExports;
/** A scenario of a workload mix: its SLA may name any step, flow or metric of any of its journeys. */
export function scenario<const T extends Mix>(spec: ScenarioSpec<T[number][0]> & { mix: T }): ScenarioExports;
export function scenario(spec: ScenarioSpec<AnyJourney> & { journey?: AnyJourney; mix?: Mix }) {
  return build(spec);
}

export type ScenarioExports = ReturnType<typeof build>;

type ForVus = Pick<Control.Prepared, 'target' | 'headers' | 'timeout' | 'plan' | 'endpoints'>;

/** What one journey needs in a VU: its session (built lazily: a VU runs one journey) and its iteration context. */
interface Running {
  journey: Journey;
  session: Session;
  ctx: IterationContext<string, unknown>;
}

function build(spec: ScenarioSpec<AnyJourney> & { journey?: AnyJourney; mix?: Mix }) {
  const { profile, sla } = spec;
  const env = { ...spec.defaults, ...__ENV };
  const mix: readonly (readonly [Journey, number])[] = spec.mix ?? [[spec.journey as Journey, 1]];
  const parts = () => mix.map(([j, share]) => ({ journey: declaration(j), share }));
  // `plimsoll help` / `list`: `k6 inspect -e PLIMSOLL_DESCRIBE=1` prints what the scenario is; nothing is prepared or run.
  if (__VU === 0 && __ENV.PLIMSOLL_DESCRIBE === '1') {
    console.log(JSON.stringify(control.describe(__PLIMSOLL_SCENARIO__, profile, parts(), sla, spec.defaults ?? {})));
    throw 'plimsoll: described';
  }
  // The first init context (VU 0) prepares; every later VU receives plain data from k6's shared
  // memory. A bad setting throws there, before any VU or request exists. Each VU parses the element
  // it reads, so VUs read only what an iteration needs; options and reports are read in VU 0 alone.
  const shared = new SharedArray('plimsoll', () => {
    const all = control.prepare(__PLIMSOLL_SCENARIO__, profile, parts(), sla, env);
    const forVus: ForVus = { target: all.target, headers: all.headers, timeout: all.timeout, plan: all.plan, endpoints: all.endpoints };
    return [forVus, all];
  });
  const vu = shared[0] as ForVus;
  const p = (__VU === 0 ? shared[1] : undefined) as Control.Prepared;
  // k6 makes metrics only in the init context: every journey's own metrics, and flow_duration if any has flows.
  const flowTrend = mix.some(([j]) => (j.flows ?? []).length > 0) ? new Trend(FLOW_METRIC, true) : undefined;
  const metrics = makeMetrics(Object.assign({}, ...mix.map(([j]) => j.metrics ?? {})));
  const running = new Map<string, Running>(
    mix.map(([journey]) => [journey.name, { journey, session: new Session(vu.target, vu.headers, vu.timeout, flowTrend), ctx: { data: undefined, row: {}, metrics, endpoints: vu.endpoints } }]),
  );
  const only = mix.length === 1 ? running.get(mix[0]![0].name)! : undefined;
  const clock = phaseClock(vu.plan);
  // The run's own SLA limits as samples (metric plimsoll_sla, tag `limit`), written by setup and teardown:
  // live results (InfluxDB, Grafana) draw the limits this run is judged by, not a default. VU 0 only.
  const slaGauge = p && new Gauge(SLA_METRIC);
  const recordSla = () => Object.entries(p.sla.slaLines).forEach(([limit, value]) => slaGauge!.add(value, { limit }));
  // Per VU: when its scenario started, and k6's live view of its tags (one object for the VU's life).
  let start: number | undefined;
  let vuTags: typeof exec.vu.metrics.tags | undefined;

  return {
    // k6 reads options from the __VU 0 context only.
    options: p && {
      scenarios: p.scenarios,
      thresholds: p.thresholds,
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'],
      tags: p.testid ? { testid: p.testid } : {},
      systemTags: SYSTEM_TAGS,
    },
    /**
     * Preflight, then each journey's own setup: a target that cannot be reached stops the run before the
     * ramp, with one line; what a journey's setup returns reaches its iterations as `data` (by journey name).
     */
    setup(): Record<string, unknown> {
      const res = http.get(p.target, { headers: p.headers, timeout: '10s', tags: { name: 'preflight', profile: profile.name, phase: 'setup' }, responseCallback: http.expectedStatuses({ min: 100, max: 599 }) });
      if (res.status === 0) exec.test.abort(`plimsoll: TARGET='${p.sla.target}' is not reachable (${res.error}); nothing else was sent`);
      exec.vu.metrics.tags.phase = 'setup';
      recordSla();
      return Object.fromEntries(mix.map(([j]) => [j.name, j.setup?.(running.get(j.name)!.session)]));
    },
    teardown(data: Record<string, unknown>) {
      exec.vu.metrics.tags.phase = 'teardown';
      for (const [j] of mix) j.teardown?.(running.get(j.name)!.session, data?.[j.name]);
      recordSla();
    },
    iteration(data: Record<string, unknown>) {
      // Every sample of this iteration carries the phase (and window) it started in: per-phase
      // thresholds and the derived measures need them. exec.scenario and exec.vu build new objects on
      // every access, and writing a tag copies the VU's tag set: done per iteration, that cost a third
      // of k6's throughput. So both are read once, and a tag is written only when it differs — compared
      // with k6's live value, not remembered, since k6 resets a VU's tags when it re-activates the VU.
      const tags = clock(Date.now() - (start ??= exec.scenario.startTime));
      const live = (vuTags ??= exec.vu.metrics.tags);
      if (live.phase !== tags.phase) live.phase = tags.phase;
      if (live.window !== tags.window) {
        if (tags.window) live.window = tags.window;
        else delete live.window;
      }
      // In a mix, the k6 scenario's `journey` tag says which journey this VU runs.
      const r = only ?? running.get(live.journey as string)!;
      r.ctx.data = data?.[r.journey.name];
      if (r.journey.feed) r.ctx.row = r.journey.feed.row();
      r.journey.iteration(r.session, r.ctx);
    },
    handleSummary: (data: SummaryData) => control.summarize(p, data),
  };
}
