// An SLA is data: limits for the whole run, per step, flow and phase, in two tiers — crossing the
// top-level (degraded) limits fails the run; crossing `critical` ones also aborts it early, so a melting
// target is not hammered for the rest of the test. Below every limit the service is healthy.
import * as z from 'zod/mini';
import type { K6Metric, MetricKey } from './metrics';

const ms = () => z.optional(z.number().check(z.positive('a latency in milliseconds greater than 0')));
const fraction = () => z.optional(z.number().check(z.gte(0, 'a fraction from 0 to 1'), z.lte(1, 'a fraction from 0 to 1')));
const positive = (what: string) => z.optional(z.number().check(z.positive(`${what} greater than 0`)));

export const limitsSchema = z.strictObject({
  /** Latency percentiles and maximum, in milliseconds: the observed value must stay below. */
  p50: ms(),
  p90: ms(),
  p95: ms(),
  p99: ms(),
  max: ms(),
  /** Share of failed requests (k6's http_req_failed): must stay below. */
  failRate: fraction(),
  /** Share of passing checks: must stay above. */
  checkRate: fraction(),
  /** Requests per second: must reach at least. */
  minRate: positive('a rate in requests per second'),
});

/** A flow (transaction) is gated on its duration alone: failures and rates belong to its steps. */
export const flowLimitsSchema = z.strictObject({ p50: ms(), p90: ms(), p95: ms(), p99: ms(), max: ms() });

/** A journey of a mix: limits over all its requests, and per step of that journey. */
export const journeyLimitsSchema = z.extend(limitsSchema, { steps: z._default(z.record(z.string(), limitsSchema), {}) });

const scopedLimits = {
  global: z._default(limitsSchema, {}),
  /** Per journey of a mix (its `journey` tag), and per step of that journey. */
  journeys: z._default(z.record(z.string(), journeyLimitsSchema), {}),
  /** Per step: the `name` tag of its requests. */
  steps: z._default(z.record(z.string(), limitsSchema), {}),
  /** The endpoint list's word for steps (an endpoint is a one-request step): the same scope. */
  endpoints: z._default(z.record(z.string(), limitsSchema), {}),
  flows: z._default(z.record(z.string(), flowLimitsSchema), {}),
  phases: z._default(z.record(z.string(), limitsSchema), {}),
};

/** Limits on the profiles' derived measures (see lib/profiles/measures.ts). */
export const derivedSchema = z.strictObject({
  /** Spike: p95 at peak ÷ p95 at warm-up must stay at or below. */
  degradation: positive('a ratio'),
  /** Spike: milliseconds from the start of recovery until p95 is back near warm-up, at most. */
  recoveryMs: positive('a duration in milliseconds'),
  /** Soak: p95 of the last window ÷ p95 of the first, at most. */
  drift: positive('a ratio'),
  /** Soak: failed-rate increase from the first window to the last, at most. */
  errorDrift: fraction(),
  /** Breakpoint: the capacity found must reach at least this many requests per second. */
  capacity: positive('a rate in requests per second'),
});

export const slaSchema = z.strictObject({
  ...scopedLimits,
  critical: z.prefault(z.strictObject(scopedLimits), {}),
  derived: z._default(derivedSchema, {}),
  /** Plain k6 thresholds for what the limits above do not cover; checked for typos like the rest. */
  thresholds: z._default(z.record(z.string(), z.array(z.string())), {}),
});

export type Limits = z.infer<typeof limitsSchema>;
export type FlowLimits = z.infer<typeof flowLimitsSchema>;
export type DerivedLimits = z.infer<typeof derivedSchema>;
export type Sla = z.input<typeof slaSchema>;
export type ParsedSla = z.output<typeof slaSchema>;
/** degraded: crossing fails the run; critical: crossing also aborts it; break: a breakpoint's stop criterion. */
export type { Tier } from '../wire/run-sla';

type Scoped<S extends string, F extends string> = {
  global?: Limits;
  journeys?: Record<string, Limits & { steps?: { [K in S]?: Limits } }>;
  steps?: { [K in S]?: Limits };
  endpoints?: { [K in S]?: Limits };
  flows?: { [K in F]?: FlowLimits };
  phases?: Record<string, Limits>;
};

/**
 * An SLA typed by a journey's declared names: in a scenario module, a step, flow or metric that the
 * journey does not declare is a type error (`make build` fails), as an SLA file's is a run-time error.
 */
export type ScenarioSla<S extends string, F extends string, M extends string> = Scoped<S, F> & {
  critical?: Scoped<S, F>;
  derived?: DerivedLimits;
  thresholds?: { [K in MetricKey<K6Metric | M>]?: string[] };
};
