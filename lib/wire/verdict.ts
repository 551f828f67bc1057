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

/** One metric of the run: k6's samples (the spool) against InfluxDB's points of the testid, before and after healing. */
export const streamMetricSchema = z.object({
  metric: z.string(),
  /** k6's samples of the metric in the run's spool (samples.bin.gz or samples.csv.gz, every shard's). */
  samples: z.number(),
  /** Samples timed to the same nanosecond as another of their series: InfluxDB 1.x keeps one point for them. */
  sameInstant: z.number(),
  /** InfluxDB's points after k6's stream, before anything was written back. */
  streamed: z.number(),
  /** Points the stream lost: samples − sameInstant − streamed. */
  missing: z.number(),
  /** Points written back from the spool (the rise in InfluxDB's own count). */
  written: z.number(),
  /** InfluxDB's points now; null when it could not be counted again. */
  stored: z.nullable(z.number()),
  /** Points InfluxDB still lacks; null when unknown. */
  stillMissing: z.nullable(z.number()),
});

/**
 * With OUT=influxdb: what reached InfluxDB for the testid against what k6 counted, and what was written back
 * from the run's spool. `expected`, `stored` and `lost` are request samples (http_reqs) after healing; the
 * rest covers every metric in the spool (absent for a run without one, and for verdicts made from InfluxDB).
 */
export const streamAuditSchema = z.object({
  /** The InfluxDB asked (credentials masked). */
  url: z.string(),
  /** Request samples k6 counted (its summary). */
  expected: z.number(),
  /** Request samples InfluxDB holds as points now; null when InfluxDB could not be asked. */
  stored: z.nullable(z.number()),
  /** expected − stored: request samples InfluxDB does not hold (lost, or one point for a same-nanosecond pair); null when unknown. */
  lost: z.nullable(z.number()),
  /** Why InfluxDB could not be asked. */
  error: z.optional(z.string()),
  testid: z.optional(z.string()),
  /** k6's samples of every metric in the spool. */
  samples: z.optional(z.number()),
  /** Points (every metric) the stream lost; null when InfluxDB could not be asked. */
  missing: z.optional(z.nullable(z.number())),
  /** Points written back from the spool. */
  written: z.optional(z.number()),
  /** Points InfluxDB still lacks after writing back; null when unknown. */
  stillMissing: z.optional(z.nullable(z.number())),
  /** Samples that share series and nanosecond with another: one point each pair, not a loss. */
  sameInstant: z.optional(z.number()),
  metrics: z.optional(z.array(streamMetricSchema)),
  /** Why points are still missing, or why that is not known. */
  reason: z.optional(z.string()),
  /** The command that writes the rest once InfluxDB answers. */
  backfill: z.optional(z.string()),
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
export type StreamMetric = z.infer<typeof streamMetricSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
