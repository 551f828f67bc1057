// The control side of a run: settings validation, the SLA's translation, options, setup and teardown, and
// the verdict with its reports. k6 evaluates options, setup(), teardown() and handleSummary() in __VU 0
// contexts; build/bundle.ts makes this module a bundle of its own (dist/control.js) that lib/plimsoll.ts
// loads only there, so neither this code nor zod reaches the VUs that make requests.
import { resolveProfile } from './profiles/resolve';
import { phaseClock, phaseNames, windowNames, planDurationMs, type PhaseTags, type Profile } from './profiles/profile';
import { checkDeclaration } from './journey/validate';
import { dataSetting } from './data/feeder';
import type { Journey, JourneyDeclaration } from './journey/journey';
import { Session } from './journey/session';
import { SLA_METRIC } from './sla/metrics';
import { k6require } from './k6-require';
import type { Joined, ScenarioExports, ScenarioSpec } from './plimsoll';
import { commonSettings, describeSetting, K6_DEFAULT_TIMEOUT_MS, paramSchemas, parseSettings } from './config/settings';
import { slaSchema } from './sla/schema';
import * as z from 'zod/mini';
import { parseDuration } from './config/duration';
import { parseEndpoints } from './journey/endpoint-list';
import { runEndpoints, TARGET_ONLY, type Endpoint, type RunEndpoint } from './journey/endpoints';
import { slaToThresholds, observations, type Thresholds } from './sla/thresholds';
import { formatDuration } from './config/duration';
import { redactUrl } from './config/redact';
import { judge, judgeSla, verdictFiles } from './verdict/judge';
import { consoleReport } from './verdict/console';
import type { SummaryData } from './wire/summary';
import type { RunSla } from './wire/run-sla';
import { readText } from './config/files';
import { parseRows } from './data/csv';

// k6's console (absent from @types/k6).
declare const console: { log(message: string): void };

// A thrown string (not an Error) makes k6 print the message alone: one line, no stack trace.
function orStop<T extends { ok: true }>(result: T | { ok: false; error: string }): T {
  if (!result.ok) throw `plimsoll: ${result.error}`;
  return result;
}

/** A JSON file named by a setting, read in init (k6's open() works only there). */
function readJson(setting: string, path: string): unknown {
  const text = readText(setting, path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw `plimsoll: ${setting}='${path}' is not valid JSON: ${(e as Error).message}`;
  }
}

const loadEndpoints = (path: string | undefined): Endpoint[] =>
  path === undefined ? TARGET_ONLY : orStop(parseEndpoints(path, readJson('ENDPOINTS', path))).endpoints;

/** A journey of the scenario, as data, with its share of the arrival rate (1 when it runs alone). */
export interface MixPart {
  journey: JourneyDeclaration;
  share: number;
}

/** The mix's shares, checked: each above 0, together 1, journeys named once. */
function checkMix(parts: readonly MixPart[]): string | undefined {
  const names = parts.map((p) => p.journey.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return `the mix names journey '${twice}' twice: expected each journey once`;
  const bad = parts.find((p) => !(p.share > 0));
  if (bad) return `the mix gives journey '${bad.journey.name}' share ${bad.share}: expected a share above 0`;
  const total = parts.reduce((sum, p) => sum + p.share, 0);
  return Math.abs(total - 1) > 1e-6 ? `the mix's shares add up to ${+total.toFixed(6)}: expected 1 (${parts.map((p) => `${p.journey.name} ${p.share}`).join(', ')})` : undefined;
}

/** Everything a run needs, as plain data: computed once, in VU 0's first context (scenarioExports keeps it in a SharedArray for VU 0's later ones). */
export function prepare(scenario: string, profile: Profile<any>, parts: readonly MixPart[], sla: unknown, env: Record<string, string | undefined>) {
  const problem = parts.map((p) => checkDeclaration(p.journey)).find(Boolean) ?? checkMix(parts);
  if (problem) throw `plimsoll: ${problem}`;
  const mixed = parts.length > 1;
  // One k6 scenario per journey: named after the plimsoll scenario (and the journey, in a mix), its samples
  // tagged with the profile and the journey, sized for the journey's own cost, at its share of the rate.
  const runParts = parts.map(({ journey, share }) => ({
    name: mixed ? `${scenario}-${journey.name}` : scenario,
    tags: { profile: profile.name, journey: journey.name },
    // Only the endpoint-list journey reads ENDPOINTS; a journey of its own declares its steps.
    cost: journey.endpoints ? { requests: 1, thinkMs: 0 } : { requests: journey.requests ?? journey.steps.length, thinkMs: parseDuration(journey.think ?? '0s')! },
    share,
  }));
  const { settings, plan, scenarios } = orStop(resolveProfile(profile, env, runParts));
  const endpoints = parts.some((p) => p.journey.endpoints) ? loadEndpoints(settings.ENDPOINTS) : [];
  const stepsOf = (j: JourneyDeclaration) => (j.endpoints ? endpoints.map((e) => e.name) : j.steps);
  const union = (lists: string[][]) => [...new Set(lists.flat())];
  const scope = {
    steps: union(parts.map((p) => stepsOf(p.journey))),
    phases: phaseNames(plan),
    windows: windowNames(plan),
    flows: union(parts.map((p) => p.journey.flows)),
    metrics: Object.assign({}, ...parts.map((p) => p.journey.metrics)) as Record<string, string>,
    journeys: parts.map((p) => p.journey.name),
    journeySteps: Object.fromEntries(parts.map((p) => [p.journey.name, stepsOf(p.journey)])),
  };
  // Critical limits may abort only after a tenth of the run (at most 10 s): a cold start must not end it.
  const abortDelay = formatDuration(Math.max(1000, Math.min(10_000, planDurationMs(plan) / 10)));
  const translation = orStop(
    slaToThresholds(settings.SLA ? readJson('SLA', settings.SLA) : sla, scope, { abortDelay, breakpoint: profile.slaRole === 'breakpoint' }),
  );
  const thresholds: Thresholds = observations(scope);
  for (const [metric, list] of Object.entries(translation.thresholds)) thresholds[metric] = [...(thresholds[metric] ?? []), ...list];
  const { global } = translation.sla;
  const runSla: RunSla = {
    scenario,
    profile: profile.name,
    journey: parts.map((p) => p.journey.name).join('+'),
    target: redactUrl(settings.TARGET),
    testid: settings.TESTID,
    thresholds: translation.thresholds,
    tiers: translation.tiers,
    derived: translation.sla.derived,
    metricKeys: Object.keys(thresholds),
    measures: profile.measures ?? [],
    plan,
    windowLimits: {
      latency: (['p50', 'p90', 'p95', 'p99', 'max'] as const).flatMap((k) => (global[k] === undefined ? [] : [{ stat: k === 'max' ? 'max' : `p(${k.slice(1)})`, below: global[k]! }])),
      failRateBelow: global.failRate,
    },
    scope,
    settings: [...Object.keys(commonSettings), ...Object.keys(profile.params), ...parts.flatMap((p) => (p.journey.feed ? ['DATA', dataSetting(p.journey.feed.name)] : []))],
    slaLines: Object.fromEntries((['p50', 'p90', 'p95', 'p99', 'max', 'failRate'] as const).flatMap((k) => (global[k] === undefined ? [] : [[k, global[k]!]]))),
  };
  return {
    /** What the run evaluates, written as sla.json: every verdict made outside k6 is computed from it. */
    sla: runSla,
    target: settings.TARGET,
    resultsDir: settings.RESULTS_DIR,
    /** Under plimsoll's runner the runner judges, once it knows everything (baseline, stream, interruption). */
    runnerJudges: settings.PLIMSOLL_RUNNER === '1',
    testid: settings.TESTID,
    endpoints,
    /** Left out at k6's own default (60 s): a request param k6 reads on every request costs throughput. */
    timeout: settings.TIMEOUT === K6_DEFAULT_TIMEOUT_MS ? undefined : formatDuration(settings.TIMEOUT),
    plan,
    scenarios,
    thresholds,
    /** Per journey, what its VUs need of it: the feeder's, the endpoint list's; the k6 scenario's journey tag picks it. */
    journeys: parts.map((p) => p.journey.name),
  };
}

export type Prepared = ReturnType<typeof prepare>;

/**
 * handleSummary's outputs. The run's facts (summary.json, sla.json) with RESULTS_DIR; the verdict — the
 * console report, verdict.json, junit.xml — unless plimsoll's runner judges the run itself afterwards.
 */
export function summarize(p: Prepared, data: SummaryData): Record<string, string> {
  const out: Record<string, string> = {};
  const file = (name: string) => `${p.resultsDir}/${name}`;
  if (p.resultsDir) {
    // Without setup()'s data: it holds what journeys' setups returned (tokens, perhaps), and nothing reads it.
    const { setup_data: _, ...facts } = data as SummaryData & { setup_data?: unknown };
    out[file('summary.json')] = JSON.stringify(facts, null, 2);
    out[file('sla.json')] = JSON.stringify(p.sla, null, 2);
  }
  if (p.runnerJudges) return out;
  const verdict = judge({ data, sla: judgeSla(data, p.sla) });
  out.stdout = consoleReport(data, verdict, p.sla);
  if (p.resultsDir) for (const [name, text] of Object.entries(verdictFiles(verdict, data.state.testRunDurationMs))) out[file(name)] = text;
  return out;
}

/**
 * What a scenario is, for `plimsoll help` and `plimsoll list` (PLIMSOLL_DESCRIBE=1 under `k6 inspect`): its
 * profile with every setting — the profile's own first — its default and what it expects, read from the
 * same schemas that validate it; the plan at the defaults; the journey's names; the SLA.
 */
export function describe(scenario: string, profile: Profile<any>, parts: readonly MixPart[], sla: unknown, defaults: Record<string, string>) {
  const schemas = { ...paramSchemas(profile.params), ...commonSettings };
  const settings = Object.entries(schemas)
    .filter(([name]) => !name.startsWith('PLIMSOLL_'))
    .map(([name, schema]) => ({ name, own: name in profile.params, ...describeSetting(schema), ...(defaults[name] !== undefined && { default: defaults[name] }) }));
  const atDefaults = parseSettings(profile.params, { ...defaults, TARGET: 'http://127.0.0.1' });
  return {
    scenario,
    profile: profile.name,
    journeys: parts,
    settings,
    plan: atDefaults.ok ? profile.plan(atDefaults.settings) : undefined,
    maxDurationMs: profile.maxDurationMs,
    measures: profile.measures ?? [],
    sla: z.safeParse(slaSchema, sla).data,
  };
}

export type Description = ReturnType<typeof describe>;

/**
 * What every VU needs of the prepared run, in the form an iteration needs it. It reaches VUs as JSON text
 * in setup()'s data, parsed once per VU: k6 hands setup data to VUs as Go maps, whose every property read
 * makes a new JS wrapper (so no object identity, and a cost on each iteration); a SharedArray would cost
 * ~10 KB more per VU (measured). No secret goes in it (lib/config/auth.ts).
 */
export interface ForVus {
  target: string;
  /** TIMEOUT, or undefined at k6's own default. */
  timeout: string | undefined;
  /** The phase clock as data (lib/profiles/profile.ts): where each span ends (ms from the scenario's start), and its tags. */
  ends: number[];
  tags: PhaseTags[];
  endpoints: RunEndpoint[];
}

/**
 * A feeder's rows, read and parsed once for every VU (lib/data/feeder.ts puts them in a SharedArray): from
 * DATA_<NAME>, DATA, or the scenario's own path. A file that cannot be read or parsed stops the run with one
 * line, before any VU or request exists.
 */
export function feederRows(name: string, path: string, scenarioDir: string) {
  const setting = __ENV[dataSetting(name)] ? dataSetting(name) : __ENV.DATA ? 'DATA' : undefined;
  const file = (setting && __ENV[setting]) || path;
  let text: string;
  try {
    // The scenario's own path is relative to the scenario's file; k6 opens a relative path from the bundle.
    text = open(setting || path.startsWith('/') ? file : `${scenarioDir}/${path}`);
  } catch {
    throw `plimsoll: ${setting ? `${setting}='${file}'` : `feeder '${name}': '${file}'`} cannot be read: expected the path of a CSV or JSON data file`;
  }
  const parsed = parseRows(file, text);
  if (!parsed.ok) throw `plimsoll: feeder '${name}': ${parsed.error}`;
  return parsed.rows;
}

/** A journey as plain data, for validation and translation. */
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

// k6's default system tags without `url`: step names tag every sample, so raw URLs (with IDs, and perhaps
// tokens in query strings) never become tags, in the summary or in InfluxDB.
const SYSTEM_TAGS = ['proto', 'subproto', 'status', 'method', 'name', 'group', 'check', 'error', 'error_code', 'tls_version', 'scenario', 'service', 'expected_response'];

/**
 * What a scenario exports in k6's __VU 0 contexts: options, setup, teardown and handleSummary around the
 * iteration. The first context prepares the run; k6 calls a SharedArray's function only where the array
 * does not exist yet, so the later contexts (setup's, teardown's, handleSummary's) read what it prepared.
 * A bad setting throws there, before any VU or request exists.
 */
export function scenarioExports(scenario: string, spec: ScenarioSpec<Journey>, joined: Joined, iteration: ScenarioExports['iteration']): ScenarioExports {
  const { profile, sla } = spec;
  const { journeys, headers } = joined;
  const parts = () => (joined.mix ?? [[journeys[0]!, 1] as const]).map(([j, share]) => ({ journey: declaration(j), share }));
  // `plimsoll help` / `list`: `k6 inspect -e PLIMSOLL_DESCRIBE=1` prints what the scenario is; nothing is prepared or run.
  if (__ENV.PLIMSOLL_DESCRIBE === '1') {
    console.log(JSON.stringify(describe(scenario, profile, parts(), sla, spec.defaults ?? {})));
    throw 'plimsoll: described';
  }
  const shared = new (k6require('k6/data') as typeof import('k6/data')).SharedArray('plimsoll', () => {
    const all = prepare(scenario, profile, parts(), sla, { ...spec.defaults, ...__ENV });
    const clock = phaseClock(all.plan);
    const forVus: ForVus = {
      target: all.target,
      timeout: all.timeout,
      ends: clock.ends,
      tags: clock.tags,
      endpoints: runEndpoints(all.endpoints),
    };
    return [forVus, all];
  });
  const forVus = shared[0] as ForVus;
  const p = shared[1] as Prepared;
  const http = k6require('k6/http') as typeof import('k6/http');
  const exec = k6require('k6/execution') as typeof import('k6/execution').default;
  // setup()'s and teardown()'s sessions, one per journey, made like an iteration's.
  const session = () => new Session(forVus.target, headers, forVus.timeout, joined.flowTrend);
  // The run's own SLA limits as samples (metric plimsoll_sla, tag `limit`), written by setup and teardown:
  // live results (InfluxDB, Grafana) draw the limits this run is judged by, not a default.
  const slaGauge = new (k6require('k6/metrics') as typeof import('k6/metrics')).Gauge(SLA_METRIC);
  const recordSla = () => Object.entries(p.sla.slaLines).forEach(([limit, value]) => slaGauge.add(value, { limit }));
  return {
    // k6 reads options from the __VU 0 context only.
    options: {
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
    setup() {
      const res = http.get(p.target, { headers, timeout: '10s', tags: { name: 'preflight', profile: profile.name, phase: 'setup' }, responseCallback: http.expectedStatuses({ min: 100, max: 599 }) });
      if (res.status === 0) exec.test.abort(`plimsoll: TARGET='${p.sla.target}' is not reachable (${res.error}); nothing else was sent`);
      exec.vu.metrics.tags.phase = 'setup';
      recordSla();
      return { plimsoll: JSON.stringify(forVus), journeys: Object.fromEntries(journeys.map((j) => [j.name, j.setup?.(session())])) };
    },
    teardown(data) {
      exec.vu.metrics.tags.phase = 'teardown';
      journeys.forEach((j) => j.teardown?.(session(), data?.journeys[j.name]));
      recordSla();
    },
    iteration,
    handleSummary: (data) => summarize(p, data),
  };
}
