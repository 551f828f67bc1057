// SLA → k6 thresholds: one pure function, so the bundle and the Node tests translate the same way.
import * as z from 'zod/mini';
import { slaSchema, type Limits, type Sla } from './schema';
import { describeIssue, issuePath } from '../config/issues';

export type Thresholds = Record<string, string[]>;

// Each limit maps to one k6 metric, aggregate and comparison.
const RULES: { [K in keyof Limits]-?: { metric: string; expression: (v: number) => string } } = {
  p50: { metric: 'http_req_duration', expression: (v) => `p(50)<${v}` },
  p90: { metric: 'http_req_duration', expression: (v) => `p(90)<${v}` },
  p95: { metric: 'http_req_duration', expression: (v) => `p(95)<${v}` },
  p99: { metric: 'http_req_duration', expression: (v) => `p(99)<${v}` },
  max: { metric: 'http_req_duration', expression: (v) => `max<${v}` },
  failRate: { metric: 'http_req_failed', expression: (v) => `rate<${v}` },
  checkRate: { metric: 'checks', expression: (v) => `rate>${v}` },
  minRate: { metric: 'http_reqs', expression: (v) => `rate>=${v}` },
};

function addLimits(into: Thresholds, selector: string, limits: Limits) {
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    const rule = RULES[key as keyof Limits];
    (into[rule.metric + selector] ??= []).push(rule.expression(value));
  }
}

export interface SlaScope {
  endpoints: readonly string[];
  phases: readonly string[];
}

/** Validate an SLA against what the run can produce, then translate it. Errors are one line each. */
export function slaToThresholds(sla: Sla, scope: SlaScope): { ok: true; thresholds: Thresholds } | { ok: false; error: string } {
  const parsed = z.safeParse(slaSchema, sla);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `SLA: ${issuePath(issue, 'the file')} is not valid: ${describeIssue(issue)}` };
  }
  const { global, endpoints, phases } = parsed.data;
  // k6 passes a threshold on a tag value that never occurs (grafana/k6 #1526): refuse it up front.
  for (const [kind, names, known] of [['endpoint', endpoints, scope.endpoints], ['phase', phases, scope.phases]] as const) {
    for (const name of Object.keys(names)) {
      if (!known.includes(name)) return { ok: false, error: `SLA names ${kind} '${name}', which this run does not have: expected one of ${known.join(', ')}` };
    }
  }
  const thresholds: Thresholds = {};
  addLimits(thresholds, '', global);
  for (const [name, limits] of Object.entries(endpoints)) addLimits(thresholds, `{name:${name}}`, limits);
  for (const [name, limits] of Object.entries(phases)) addLimits(thresholds, `{phase:${name}}`, limits);
  return { ok: true, thresholds };
}

/**
 * k6 computes a sub-metric only when a threshold names it. These always-true observations make the
 * summary carry latency and failures per endpoint and per phase; the verdict ignores them.
 */
export function observations(scope: SlaScope): Thresholds {
  const out: Thresholds = {};
  for (const selector of [...scope.endpoints.map((n) => `{name:${n}}`), ...scope.phases.map((p) => `{phase:${p}}`)]) {
    out[`http_req_duration${selector}`] = [OBSERVE_TREND];
    out[`http_req_failed${selector}`] = [OBSERVE_RATE];
  }
  return out;
}
export const OBSERVE_TREND = 'max>=0';
export const OBSERVE_RATE = 'rate>=0';
