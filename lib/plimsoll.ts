// Joins a profile, a journey and an SLA into what a k6 script exports: options, the iteration,
// and handleSummary. Runs in every VU's init, so everything here is computed once per VU, not per iteration.
import exec from 'k6/execution';
import { resolveProfile, phaseClock, type Profile } from './profiles/profile';
import { parseEndpoints, TARGET_ONLY, type Endpoint } from './journey/endpoints';
import type { Journey } from './journey/http';
import { slaToThresholds, observations, type Thresholds } from './sla/thresholds';
import type { Sla } from './sla/schema';
import { verdictOf, type SummaryData } from './verdict/verdict';
import { consoleReport } from './verdict/console';

// A thrown string (not an Error) makes k6 print the message alone: one line, no stack trace.
function orStop<T extends { ok: true }>(result: T | { ok: false; error: string }): T {
  if (!result.ok) throw `plimsoll: ${result.error}`;
  return result;
}

function loadEndpoints(path: string | undefined): Endpoint[] {
  if (path === undefined) return TARGET_ONLY;
  let text: string;
  try {
    text = open(path);
  } catch {
    throw `plimsoll: ENDPOINTS='${path}' cannot be read: expected the path of a JSON endpoint list`;
  }
  return orStop(parseEndpoints(path, text)).endpoints;
}

export interface ScenarioSpec {
  profile: Profile<any>;
  journey: Journey;
  sla: Sla;
}

export function plimsoll({ profile, journey, sla }: ScenarioSpec) {
  const { settings, plan, scenarios } = orStop(resolveProfile(profile, __ENV));
  const endpoints = loadEndpoints(settings.ENDPOINTS);
  const scope = { endpoints: endpoints.map((e) => e.name), phases: plan.phases.map((p) => p.name) };
  const { thresholds: slaThresholds } = orStop(slaToThresholds(sla, scope));
  const thresholds: Thresholds = { ...observations(scope) };
  for (const [metric, list] of Object.entries(slaThresholds)) thresholds[metric] = [...(thresholds[metric] ?? []), ...list];

  const iteration = journey({ target: settings.TARGET, endpoints });
  const phaseAt = phaseClock(plan);

  return {
    options: {
      scenarios,
      thresholds,
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'],
      tags: settings.TESTID ? { testid: settings.TESTID } : {},
    },
    iteration() {
      // Every sample of this iteration carries the phase it started in: per-phase thresholds need it.
      exec.vu.metrics.tags.phase = phaseAt(Date.now() - exec.scenario.startTime);
      iteration();
    },
    handleSummary(data: SummaryData) {
      const verdict = verdictOf(data, slaThresholds);
      const out: Record<string, string> = { stdout: consoleReport(data, verdict, scope, { profile: profile.name, target: settings.TARGET }) };
      if (settings.RESULTS_DIR) {
        out[`${settings.RESULTS_DIR}/summary.json`] = JSON.stringify(data, null, 2);
        out[`${settings.RESULTS_DIR}/verdict.json`] = JSON.stringify({ profile: profile.name, target: settings.TARGET, ...verdict }, null, 2);
      }
      return out;
    },
  };
}
