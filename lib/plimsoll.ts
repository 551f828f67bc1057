// Joins a profile, a journey and an SLA into what a k6 script exports: options, the iteration,
// and handleSummary. Runs in every VU's init, so everything here is computed once per VU, not per iteration.
import exec from 'k6/execution';
import http from 'k6/http';
import { resolveProfile, phaseClock, phaseNames, windowNames, planDurationMs, type Profile } from './profiles/profile';
import { computeMeasures } from './profiles/measures';
import { parseEndpoints, TARGET_ONLY, type Endpoint } from './journey/endpoints';
import type { Journey } from './journey/http';
import { slaToThresholds, observations, type Thresholds } from './sla/thresholds';
import type { Sla } from './sla/schema';
import { formatDuration } from './config/duration';
import { redactUrl } from './config/redact';
import { verdictOf, type SummaryData } from './verdict/verdict';
import { consoleReport } from './verdict/console';
import { junitXml } from './verdict/junit';

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

function readText(setting: string, path: string): string {
  try {
    return open(path);
  } catch {
    throw `plimsoll: ${setting}='${path}' cannot be read: expected the path of a readable file`;
  }
}

// k6's default system tags without `url`: endpoint names tag every sample, so raw URLs (with IDs, and
// perhaps tokens in query strings) never become tags, in the summary or in InfluxDB.
const SYSTEM_TAGS = ['proto', 'subproto', 'status', 'method', 'name', 'group', 'check', 'error', 'error_code', 'tls_version', 'scenario', 'service', 'expected_response'];

const loadEndpoints = (path: string | undefined): Endpoint[] =>
  path === undefined ? TARGET_ONLY : orStop(parseEndpoints(path, readJson('ENDPOINTS', path))).endpoints;

export interface ScenarioSpec {
  profile: Profile<any>;
  journey: Journey;
  /** The scenario's SLA; SLA=path.json replaces it for one run. */
  sla: Sla;
}

export function plimsoll({ profile, journey, sla }: ScenarioSpec) {
  const { settings, plan, scenarios } = orStop(resolveProfile(profile, __ENV));
  const endpoints = loadEndpoints(settings.ENDPOINTS);
  const scope = { endpoints: endpoints.map((e) => e.name), phases: phaseNames(plan), windows: windowNames(plan) };
  // Critical limits may abort only after a tenth of the run (at most 10 s): a cold start must not end it.
  const abortDelay = formatDuration(Math.max(1000, Math.min(10_000, planDurationMs(plan) / 10)));
  const translation = orStop(
    slaToThresholds(settings.SLA ? readJson('SLA', settings.SLA) : sla, scope, { abortDelay, breakpoint: profile.slaRole === 'breakpoint' }),
  );
  const thresholds: Thresholds = observations(scope);
  for (const [metric, list] of Object.entries(translation.thresholds)) thresholds[metric] = [...(thresholds[metric] ?? []), ...list];

  const token = settings.AUTH_TOKEN ?? (settings.AUTH_TOKEN_FILE ? readText('AUTH_TOKEN_FILE', settings.AUTH_TOKEN_FILE).trim() : undefined);
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const timeout = formatDuration(settings.TIMEOUT);
  const iteration = journey({ target: settings.TARGET, endpoints, headers, timeout });
  const shownTarget = redactUrl(settings.TARGET);
  const clock = phaseClock(plan);
  const { global } = translation.sla;
  const windowLimits = {
    latency: (['p50', 'p90', 'p95', 'p99', 'max'] as const).flatMap((k) => (global[k] === undefined ? [] : [{ stat: k === 'max' ? 'max' : `p(${k.slice(1)})`, below: global[k]! }])),
    failRateBelow: global.failRate,
  };

  return {
    options: {
      scenarios,
      thresholds,
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'],
      tags: settings.TESTID ? { testid: settings.TESTID } : {},
      systemTags: SYSTEM_TAGS,
    },
    /** Preflight: a target that cannot be reached stops the run before the ramp, with one line. */
    setup() {
      const res = http.get(settings.TARGET, { headers, timeout: '10s', tags: { name: 'preflight', profile: profile.name, phase: 'setup' }, responseCallback: http.expectedStatuses({ min: 100, max: 599 }) });
      if (res.status === 0) exec.test.abort(`plimsoll: TARGET='${shownTarget}' is not reachable (${res.error}); nothing else was sent`);
    },
    iteration() {
      // Every sample of this iteration carries the phase (and window) it started in: per-phase
      // thresholds and the derived measures need them.
      const tags = clock(Date.now() - exec.scenario.startTime);
      const vuTags = exec.vu.metrics.tags;
      vuTags.phase = tags.phase;
      if (tags.window) vuTags.window = tags.window;
      else delete vuTags.window;
      iteration();
    },
    handleSummary(data: SummaryData) {
      const measures = computeMeasures(profile.measures ?? [], data, plan, windowLimits);
      const verdict = verdictOf(data, { ...translation, derived: translation.sla.derived }, measures);
      const run = { profile: profile.name, target: shownTarget, testid: settings.TESTID };
      const out: Record<string, string> = { stdout: consoleReport(data, verdict, scope, run) };
      if (settings.RESULTS_DIR) {
        out[`${settings.RESULTS_DIR}/summary.json`] = JSON.stringify(data, null, 2);
        out[`${settings.RESULTS_DIR}/verdict.json`] = JSON.stringify({ ...run, ...verdict }, null, 2);
        out[`${settings.RESULTS_DIR}/junit.xml`] = junitXml(verdict, { suite: `plimsoll ${profile.name}`, durationMs: data.state.testRunDurationMs });
        // What this run evaluated, as data: a verdict over several shards' samples (build/merge.ts) is computed
        // in Node from it, by the same verdictOf and computeMeasures, without importing a scenario.
        const evaluated = { thresholds: translation.thresholds, tiers: translation.tiers, derived: translation.sla.derived, metricKeys: Object.keys(thresholds) };
        out[`${settings.RESULTS_DIR}/sla.json`] = JSON.stringify({ ...run, ...evaluated, measures: profile.measures ?? [], plan, windowLimits, scope }, null, 2);
      }
      return out;
    },
  };
}
