// verdict.json: the one verdict of a run — every SLA limit with what was observed, the derived measures,
// and what else decided it (a baseline comparison, the stream audit, an interruption). Written once, by
// whoever judged the run (the bundle under plain k6; the runner, the shard merge or `make verdict` outside
// it); read by the baseline gate, the report and the tests. One schema; the types come from it.
import * as z from 'zod/mini';
import { runInfoSchema, tierSchema } from './run-sla';

const nonNegative = (what: string) => z.number().check(z.gte(0, what));

/**
 * How much worse the current run may be than the baseline.
 * - `latency`: relative, for p95 and p99 — 0.1 lets the current run be up to 10 % slower.
 * - `failRate`: absolute, in points of the failed-request share — 0.01 lets it rise from 0.2 % to 1.2 %.
 *   Relative changes of a rate near 0 are meaningless (0 → 0.1 % is "infinitely" worse).
 * - `floorMs`: a latency regression must also exceed this many milliseconds. On a fast endpoint 10 % is
 *   a fraction of a millisecond — less than scheduler jitter, GC pauses and network noise between two
 *   runs (and p99 of a few hundred samples is one or two requests) — so without a floor a 3 ms endpoint
 *   would fail the gate at random.
 */
export const toleranceSchema = z.strictObject({
  latency: z._default(nonNegative('a fraction of 0 or more (0.1 = 10 %)'), 0.1),
  failRate: z._default(z.number().check(z.gte(0, 'a fraction from 0 to 1'), z.lte(1, 'a fraction from 0 to 1')), 0.01),
  floorMs: z._default(nonNegative('a duration in milliseconds of 0 or more'), 5),
});

/** `value`: a plain number (a journey's own trend or gauge of something other than time). */
export const unitSchema = z.enum(['ms', 'fraction', 'per_s', 'count', 'ratio', 'value']);

export const verdictRowSchema = z.object({
  metric: z.string(),
  expression: z.string(),
  /** The aggregate the expression compares, as observed; null when there were no samples (or never, for recovery). */
  observed: z.nullable(z.number()),
  unit: unitSchema,
  tier: tierSchema,
  ok: z.boolean(),
});

export const measureSchema = z.object({
  name: z.enum(['degradation', 'recovery', 'drift', 'errorDrift', 'capacity']),
  /** null when the run produced no data to measure it (e.g. aborted before the phase). */
  value: z.nullable(z.number()),
  unit: z.enum(['ratio', 'ms', 'per_s', 'fraction']),
});

export const comparisonRowSchema = z.object({
  /** 'all' for the whole run, else the step name. */
  scope: z.string(),
  /** The summary metric compared, e.g. `http_req_duration{name:search}`. */
  metric: z.string(),
  measure: z.enum(['p95', 'p99', 'failRate']),
  /** Milliseconds for p95/p99, a fraction for failRate; null when that run has no such step. */
  baseline: z.nullable(z.number()),
  current: z.nullable(z.number()),
  /** current − baseline (ms or fraction); null when one side is missing. */
  delta: z.nullable(z.number()),
  /** The most `current` may be, in words: `≤ 110.0ms`, `≤ 1.20%`; '—' when there is nothing to compare. */
  limit: z.string(),
  /** False only for a regression: a step present in one run only is reported, but not a regression. */
  ok: z.boolean(),
});

/** With OUT=influxdb: request samples k6 counted against those InfluxDB holds for the testid. */
export const streamAuditSchema = z.object({
  /** The InfluxDB asked (credentials masked). */
  url: z.string(),
  expected: z.number(),
  /** null when InfluxDB could not be asked. */
  stored: z.nullable(z.number()),
  lost: z.nullable(z.number()),
  error: z.optional(z.string()),
});

const verdictObject = z.object({
  ...runInfoSchema.shape,
  /** The run's outcome: the SLA held, no regression against the baseline, and the run was not interrupted. */
  passed: z.boolean(),
  /** Whether the SLA alone held. */
  slaPassed: z.boolean(),
  /** Iterations the run completed: a run that did nothing never passes. */
  iterations: z.number(),
  /** healthy: every limit held; degraded: a limit was crossed; critical: a critical limit was crossed. */
  health: z.enum(['healthy', 'degraded', 'critical']),
  /** Crossed first. */
  rows: z.array(verdictRowSchema),
  measures: z.array(measureSchema),
  baseline: z.optional(z.object({ file: z.string(), tolerance: toleranceSchema })),
  regressions: z.optional(z.array(comparisonRowSchema)),
  stream: z.optional(streamAuditSchema),
  /** The signal that stopped the run early. */
  interrupted: z.optional(z.string()),
  /** Where a verdict over several processes' samples came from (shards, InfluxDB). */
  mergedFrom: z.optional(z.record(z.string(), z.unknown())),
});

// verdict.json as written before runs were named for their scenario: the profile named the run, and
// `passed` was the SLA's own outcome.
const upgrade = (v: unknown) => (typeof v === 'object' && v !== null ? { scenario: (v as { profile?: unknown }).profile, slaPassed: (v as { passed?: unknown }).passed, ...v } : v);
export const verdictSchema = z.pipe(z.transform(upgrade), verdictObject);

export type Unit = z.infer<typeof unitSchema>;
export type VerdictRow = z.infer<typeof verdictRowSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type MeasureName = Measure['name'];
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;
export type StreamAudit = z.infer<typeof streamAuditSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
