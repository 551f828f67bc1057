// A scenario joins a profile, a journey and an SLA into what a k6 script exports: options, setup, the
// iteration, teardown and handleSummary. Every VU evaluates this module, so it only reads prepared data:
// validation, translation and reporting live in ./control — a bundle of its own (dist/control.js, with
// zod) that only the __VU 0 init contexts load: the one k6 reads options from, setup()'s, teardown()'s
// and handleSummary()'s.
import exec from 'k6/execution';
import http from 'k6/http';
import { SharedArray } from 'k6/data';
import { Gauge } from 'k6/metrics';
import { phaseClock, type Profile } from './profiles/profile';
import { declaration, makeMetrics, type IterationContext, type Journey } from './journey/journey';
import { Session } from './journey/session';
import type { ScenarioSla } from './sla/schema';
import { SLA_METRIC } from './sla/metrics';
import type { SummaryData } from './verdict/verdict';
import type * as Control from './control';

export { journey } from './journey/journey';
export { think } from './journey/think';
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

export interface ScenarioSpec<S extends string, F extends string, M extends string, D> {
  profile: Profile<any>;
  journey: Journey<S, F, M, D>;
  /** The scenario's SLA, typed by the journey's names; SLA=path.json replaces it for one run. */
  sla: ScenarioSla<S, F, M>;
}

type ForVus = Pick<Control.Prepared, 'target' | 'headers' | 'timeout' | 'plan' | 'endpoints'>;

export function scenario<S extends string, F extends string, M extends string, D>({ profile, journey, sla }: ScenarioSpec<S, F, M, D>) {
  // `plimsoll help` / `list`: `k6 inspect -e PLIMSOLL_DESCRIBE=1` prints what the scenario is; nothing is prepared or run.
  if (__VU === 0 && __ENV.PLIMSOLL_DESCRIBE === '1') {
    console.log(JSON.stringify(control.describe(__PLIMSOLL_SCENARIO__, profile, declaration(journey), sla)));
    throw 'plimsoll: described';
  }
  // The first init context (VU 0) prepares; every later VU receives plain data from k6's shared
  // memory. A bad setting throws there, before any VU or request exists. Each VU parses the element
  // it reads, so VUs read only what an iteration needs; options and reports are read in VU 0 alone.
  const shared = new SharedArray('plimsoll', () => {
    const all = control.prepare(__PLIMSOLL_SCENARIO__, profile, declaration(journey), sla, __ENV);
    const forVus: ForVus = { target: all.target, headers: all.headers, timeout: all.timeout, plan: all.plan, endpoints: all.endpoints };
    return [forVus, all];
  });
  const vu = shared[0] as ForVus;
  const p = (__VU === 0 ? shared[1] : undefined) as Control.Prepared;
  const session = new Session<S, F>(vu.target, vu.headers, vu.timeout, { flows: (journey.flows ?? []).length > 0 });
  const ctx: IterationContext<M, D> = { data: undefined as D, metrics: makeMetrics(journey.metrics), endpoints: vu.endpoints };
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
     * Preflight, then the journey's own setup: a target that cannot be reached stops the run before the
     * ramp, with one line; what the journey's setup returns reaches every iteration as `data`.
     */
    setup(): D {
      const res = http.get(p.target, { headers: p.headers, timeout: '10s', tags: { name: 'preflight', profile: profile.name, phase: 'setup' }, responseCallback: http.expectedStatuses({ min: 100, max: 599 }) });
      if (res.status === 0) exec.test.abort(`plimsoll: TARGET='${p.sla.target}' is not reachable (${res.error}); nothing else was sent`);
      exec.vu.metrics.tags.phase = 'setup';
      recordSla();
      return journey.setup?.(session) as D;
    },
    teardown(data: D) {
      exec.vu.metrics.tags.phase = 'teardown';
      journey.teardown?.(session, data);
      recordSla();
    },
    iteration(data: D) {
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
      ctx.data = data;
      journey.iteration(session, ctx);
    },
    handleSummary: (data: SummaryData) => control.summarize(p, data),
  };
}
