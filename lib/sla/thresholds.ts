// SLA → k6 thresholds: one pure function, so the bundle and the Node tests translate the same way.
import * as z from 'zod/mini';
import { slaSchema, type Limits, type ParsedSla, type Sla } from './schema';
import type { SlaScope, Threshold, Thresholds, Tier } from '../wire/run-sla';
import { FLOW_METRIC, KNOWN_METRICS } from './metrics';
import { EXPECTED_EXPRESSION, parseExpression } from './expression';

import { describeIssue, issuePath } from '../config/issues';

export type { SlaScope, Threshold, Thresholds };

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

const SELECTOR_TAGS = ['name', 'phase', 'window', 'flow', 'journey', 'method', 'status', 'expected_response', 'scenario', 'check', 'group', 'error_code'];

/** The metrics this run can produce: k6's, flow_duration when a journey has flows, and the journeys' own. */
export function knownMetrics(scope: SlaScope): string[] {
  return [...KNOWN_METRICS.filter((m) => m !== FLOW_METRIC || scope.flows?.length), ...Object.keys(scope.metrics ?? {})];
}

const expectOneOf = (known: readonly string[]) => (known.length ? `expected one of ${known.join(', ')}` : 'this run has none');

/** A metric key such as `http_req_duration{name:search,phase:peak}` checked against the run's scope. */
function checkMetricKey(key: string, scope: SlaScope): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\{([^}]*)\})?$/.exec(key);
  const metrics = knownMetrics(scope);
  if (!m || !metrics.includes(m[1]!)) {
    return `SLA threshold on '${key}': unknown metric '${m?.[1] ?? key}'; expected one of ${metrics.join(', ')}`;
  }
  for (const pair of m[2] ? m[2].split(',') : []) {
    const [tag = '', value = ''] = pair.split(':').map((s) => s.trim());
    if (!SELECTOR_TAGS.includes(tag)) return `SLA threshold on '${key}': unknown tag '${tag}'; expected one of ${SELECTOR_TAGS.join(', ')}`;
    const known = { name: scope.steps, phase: scope.phases, window: scope.windows ?? [], flow: scope.flows ?? [], journey: scope.journeys }[tag];
    if (known && !known.includes(value)) return `SLA threshold on '${key}': no ${tag} '${value}' in this run; ${expectOneOf(known)}`;
  }
  return undefined;
}

function addLimits(into: Thresholds, selector: string, limits: Limits, tier: Tier, abortDelay: string, metric?: string) {
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    const rule = RULES[key as keyof Limits];
    const expression = rule.expression(value);
    (into[(metric ?? rule.metric) + selector] ??= []).push(tier === 'degraded' ? expression : { threshold: expression, abortOnFail: true, delayAbortEval: abortDelay });
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
    const scoped = [
      ['step', tier.steps, scope.steps],
      ['endpoint', tier.endpoints, scope.steps],
      ['flow', tier.flows, scope.flows ?? []],
      ['phase', tier.phases, scope.phases],
      ['journey', tier.journeys, scope.journeys ?? []],
      ...Object.entries(tier.journeys).map(([j, l]) => [`step of journey '${j}'`, l.steps, scope.journeySteps?.[j] ?? []] as const),
    ] as const;
    for (const [kind, names, known] of scoped) {
      for (const name of Object.keys(names)) {
        if (!known.includes(name)) return { ok: false, error: `SLA names ${kind} '${name}', which this run does not have: ${expectOneOf(known)}` };
      }
    }
  }
  const thresholds: Thresholds = {};
  for (const [tier, limits] of [[breakpoint ? 'break' : 'degraded', s], [breakpoint ? 'break' : 'critical', s.critical]] as const) {
    addLimits(thresholds, '', limits.global, tier, abortDelay);
    for (const [name, l] of [...Object.entries(limits.steps), ...Object.entries(limits.endpoints)]) addLimits(thresholds, `{name:${name}}`, l, tier, abortDelay);
    for (const [name, l] of Object.entries(limits.flows)) addLimits(thresholds, `{flow:${name}}`, l, tier, abortDelay, FLOW_METRIC);
    for (const [journey, { steps, ...l }] of Object.entries(limits.journeys)) {
      addLimits(thresholds, `{journey:${journey}}`, l, tier, abortDelay);
      for (const [step, sl] of Object.entries(steps)) addLimits(thresholds, `{journey:${journey},name:${step}}`, sl, tier, abortDelay);
    }
    for (const [name, l] of Object.entries(limits.phases)) addLimits(thresholds, `{phase:${name}}`, l, tier, abortDelay);
  }
  for (const [key, expressions] of Object.entries(s.thresholds)) {
    const problem = checkMetricKey(key, scope);
    if (problem) return { ok: false, error: problem };
    for (const e of expressions) {
      if (!parseExpression(e)) return { ok: false, error: `SLA threshold '${key}': '${e}' is not valid: expected ${EXPECTED_EXPRESSION}` };
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
 * summary carry latency and failures per step, phase and window, and each flow's duration; the verdict ignores them.
 */
export function observations(scope: SlaScope): Thresholds {
  const out: Thresholds = {};
  const selectors = [
    ...scope.steps.map((n) => `{name:${n}}`),
    // A mix: traffic per journey too.
    ...(scope.journeys && scope.journeys.length > 1 ? scope.journeys.map((j) => `{journey:${j}}`) : []),
    ...scope.phases.map((p) => `{phase:${p}}`),
    ...(scope.windows ?? []).map((w) => `{window:${w}}`),
  ];
  for (const selector of selectors) {
    out[`http_req_duration${selector}`] = [OBSERVE_TREND];
    out[`http_req_failed${selector}`] = [OBSERVE_RATE];
  }
  for (const flow of scope.flows ?? []) out[`${FLOW_METRIC}{flow:${flow}}`] = [OBSERVE_TREND];
  return out;
}
export const OBSERVE_TREND = 'max>=0';
export const OBSERVE_RATE = 'rate>=0';
