// sla.json: what a run evaluated — its plan, thresholds with their tiers, derived limits and measures, and
// the names it could produce — written by the bundle's handleSummary (lib/control.ts) and read by every
// verdict made outside k6 (the runner, shards, InfluxDB, the report). One schema; the types come from it.
import * as z from 'zod/mini';
import { derivedSchema } from '../sla/schema';

export const tierSchema = z.enum(['degraded', 'critical', 'break']);

/** A k6 threshold: a plain expression, or one that aborts the run when crossed. */
export const thresholdSchema = z.union([z.string(), z.object({ threshold: z.string(), abortOnFail: z.boolean(), delayAbortEval: z.string() })]);
export const thresholdsSchema = z.record(z.string(), z.array(thresholdSchema));

/** One segment: over durationMs the arrival rate moves linearly to `target` iterations per second. */
export const phaseSchema = z.object({
  name: z.string(),
  durationMs: z.number(),
  target: z.number(),
  /**
   * Split the phase into this many equal windows, each tagged `window: <name>-<i>` (1-based), for
   * measures that need a time series: recovery after a spike, drift in a soak, capacity in a breakpoint.
   */
  windows: z.optional(z.number()),
});

export const planSchema = z.object({
  /** Arrival rate (iterations/s) at the start of the first phase. */
  startRate: z.number(),
  /** Consecutive phases may share a name (a ramp and a hold of one step): they are one phase to tags. */
  phases: z.array(phaseSchema),
});

export const measureSpecSchema = z.discriminatedUnion('kind', [
  /** p95 in phase `to` ÷ p95 in phase `from`. */
  z.object({ kind: z.literal('degradation'), from: z.string(), to: z.string() }),
  /** Time from the start of `phase` until every later window's p95 is within (1 + tolerance) × p95 of `baseline`. */
  z.object({ kind: z.literal('recovery'), baseline: z.string(), phase: z.string(), tolerance: z.number() }),
  /** Last window of `phase` against its first: p95 ratio (drift) and failed-rate increase (errorDrift). */
  z.object({ kind: z.literal('drift'), phase: z.string() }),
  /** The highest arrival rate (at a window's end) of `phase` whose window met every global latency/failure limit. */
  z.object({ kind: z.literal('capacity'), phase: z.string() }),
]);

/** The latency/failure limits a capacity window must meet (the SLA's global ones). */
export const windowLimitsSchema = z.object({
  latency: z.array(z.object({ stat: z.string(), below: z.number() })),
  failRateBelow: z.optional(z.number()),
});

/** The names a run can produce, to check an SLA against: nothing else can have samples. */
export const scopeSchema = z.object({
  /** Every step a journey declares (or the endpoint list's names): the `name` tag. */
  steps: z.array(z.string()),
  phases: z.array(z.string()),
  windows: z.optional(z.array(z.string())),
  flows: z.optional(z.array(z.string())),
  /** The journeys' own metrics, with their k6 type. */
  metrics: z.optional(z.record(z.string(), z.string())),
  journeys: z.optional(z.array(z.string())),
  /** Each journey's own steps, for limits per journey × step. */
  journeySteps: z.optional(z.record(z.string(), z.array(z.string()))),
});

/** Who ran: the scenario (file name), its profile and journey, the target (credentials masked), the testid. */
export const runInfoSchema = z.object({
  scenario: z.string(),
  profile: z.string(),
  journey: z.optional(z.string()),
  target: z.string(),
  testid: z.optional(z.string()),
});

export const runSlaSchema = z.object({
  ...runInfoSchema.shape,
  thresholds: thresholdsSchema,
  /** The tier each threshold belongs to, by `${metric} ${expression}`. */
  tiers: z.record(z.string(), tierSchema),
  derived: derivedSchema,
  /** Every metric and sub-metric key the run has a threshold on (SLA and observations). */
  metricKeys: z.array(z.string()),
  measures: z.array(measureSpecSchema),
  plan: planSchema,
  windowLimits: windowLimitsSchema,
  scope: scopeSchema,
  /** The settings the bundle reads: what a copy of the run elsewhere (k6-operator pods) must be given. */
  settings: z.array(z.string()),
  /** The global limits live dashboards draw (plimsoll_sla samples). */
  slaLines: z.record(z.string(), z.number()),
});

export type Threshold = z.infer<typeof thresholdSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type Plan = z.infer<typeof planSchema>;
export type MeasureSpec = z.infer<typeof measureSpecSchema>;
export type WindowLimits = z.infer<typeof windowLimitsSchema>;
export type SlaScope = z.infer<typeof scopeSchema>;
export type RunInfo = z.infer<typeof runInfoSchema>;
export type RunSla = z.infer<typeof runSlaSchema>;
