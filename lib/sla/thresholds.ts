// SLA → k6 thresholds: one pure function, so the bundle and the Node tests translate the same way.
import * as z from 'zod/mini';
import { slaSchema, type Limits, type ParsedSla, type Sla, type Tier } from './schema';
import { describeIssue, issuePath } from '../config/issues';

/** A k6 threshold: a plain expression, or one that aborts the run when crossed. */
export type Threshold = string | { threshold: string; abortOnFail: boolean; delayAbortEval: string };
export type Thresholds = Record<string, Threshold[]>;

export const expressionOf = (t: Threshold) => (typeof t === 'string' ? t : t.threshold);

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

/** Metrics k6 (HTTP, execution) and the framework emit: a threshold on anything else is a typo. */
export const KNOWN_METRICS = [
  'http_reqs', 'http_req_duration', 'http_req_failed', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking',
  'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'checks', 'iterations', 'iteration_duration',
  'dropped_iterations', 'vus', 'vus_max', 'data_sent', 'data_received',
] as const;
const SELECTOR_TAGS = ['name', 'phase', 'window', 'method', 'status', 'expected_response', 'scenario', 'check', 'group', 'error_code'];
const EXPRESSION = /^(p\(\d+(\.\d+)?\)|avg|min|med|max|rate|count|value)\s*(<=|>=|<|>|===|==|!=)\s*-?\d+(\.\d+)?$/;

export interface SlaScope {
  endpoints: readonly string[];
  phases: readonly string[];
  windows?: readonly string[];
}

/** A metric key such as `http_req_duration{name:search,phase:peak}` checked against the run's scope. */
function checkMetricKey(key: string, scope: SlaScope): string | undefined {
  const m = /^([a-z_][a-z0-9_]*)(?:\{([^}]*)\})?$/.exec(key);
  if (!m || !(KNOWN_METRICS as readonly string[]).includes(m[1]!)) {
    return `SLA threshold on '${key}': unknown metric '${m?.[1] ?? key}'; expected one of ${KNOWN_METRICS.join(', ')}`;
  }
  for (const pair of m[2] ? m[2].split(',') : []) {
    const [tag = '', value = ''] = pair.split(':').map((s) => s.trim());
    if (!SELECTOR_TAGS.includes(tag)) return `SLA threshold on '${key}': unknown tag '${tag}'; expected one of ${SELECTOR_TAGS.join(', ')}`;
    const known = tag === 'name' ? scope.endpoints : tag === 'phase' ? scope.phases : tag === 'window' ? scope.windows ?? [] : undefined;
    if (known && !known.includes(value)) return `SLA threshold on '${key}': no ${tag} '${value}' in this run; expected one of ${known.join(', ')}`;
  }
  return undefined;
}

function addLimits(into: Thresholds, selector: string, limits: Limits, tier: Tier, abortDelay: string) {
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    const rule = RULES[key as keyof Limits];
    const expression = rule.expression(value);
    (into[rule.metric + selector] ??= []).push(tier === 'degraded' ? expression : { threshold: expression, abortOnFail: true, delayAbortEval: abortDelay });
  }
}

export interface Translation {
  thresholds: Thresholds;
  /** The tier each threshold belongs to, by `${metric} ${expression}`. */
  tiers: Record<string, Tier>;
  sla: ParsedSla;
}

/**
 * Validate an SLA against what the run can produce, then translate it. Errors are one line.
 * `abortDelay` is how long k6 waits before a critical threshold may abort (its delayAbortEval), so a few
 * slow first requests cannot end a run.
 */
export function slaToThresholds(
  sla: Sla | unknown,
  scope: SlaScope,
  { abortDelay = '10s', breakpoint = false } = {},
): ({ ok: true } & Translation) | { ok: false; error: string } {
  const parsed = z.safeParse(slaSchema, sla);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `SLA: ${issuePath(issue, 'the file')} is not valid: ${describeIssue(issue)}` };
  }
  const s = parsed.data;
  // k6 passes a threshold on a tag value that never occurs (grafana/k6 #1526): refuse it up front.
  for (const tier of [s, s.critical]) {
    for (const [kind, names, known] of [['endpoint', tier.endpoints, scope.endpoints], ['phase', tier.phases, scope.phases]] as const) {
      for (const name of Object.keys(names)) {
        if (!known.includes(name)) return { ok: false, error: `SLA names ${kind} '${name}', which this run does not have: expected one of ${known.join(', ')}` };
      }
    }
  }
  const thresholds: Thresholds = {};
  for (const [tier, limits] of [[breakpoint ? 'break' : 'degraded', s], [breakpoint ? 'break' : 'critical', s.critical]] as const) {
    addLimits(thresholds, '', limits.global, tier, abortDelay);
    for (const [name, l] of Object.entries(limits.endpoints)) addLimits(thresholds, `{name:${name}}`, l, tier, abortDelay);
    for (const [name, l] of Object.entries(limits.phases)) addLimits(thresholds, `{phase:${name}}`, l, tier, abortDelay);
  }
  for (const [key, expressions] of Object.entries(s.thresholds)) {
    const problem = checkMetricKey(key, scope);
    if (problem) return { ok: false, error: problem };
    for (const e of expressions) {
      if (!EXPRESSION.test(e)) return { ok: false, error: `SLA threshold '${key}': '${e}' is not valid: expected an expression like p(95)<500 or rate<0.01` };
    }
    (thresholds[key] ??= []).push(...expressions);
  }
  const tiers: Record<string, Tier> = {};
  for (const [metric, list] of Object.entries(thresholds)) {
    for (const t of list) tiers[`${metric} ${expressionOf(t)}`] = typeof t === 'string' ? 'degraded' : breakpoint ? 'break' : 'critical';
  }
  return { ok: true, thresholds, tiers, sla: s };
}

/**
 * k6 computes a sub-metric only when a threshold names it. These always-true observations make the
 * summary carry latency and failures per endpoint, phase and window; the verdict ignores them.
 */
export function observations(scope: SlaScope): Thresholds {
  const out: Thresholds = {};
  const selectors = [
    ...scope.endpoints.map((n) => `{name:${n}}`),
    ...scope.phases.map((p) => `{phase:${p}}`),
    ...(scope.windows ?? []).map((w) => `{window:${w}}`),
  ];
  for (const selector of selectors) {
    out[`http_req_duration${selector}`] = [OBSERVE_TREND];
    out[`http_req_failed${selector}`] = [OBSERVE_RATE];
  }
  return out;
}
export const OBSERVE_TREND = 'max>=0';
export const OBSERVE_RATE = 'rate>=0';
