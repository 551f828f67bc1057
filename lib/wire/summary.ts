// k6's summary data (handleSummary's argument, written as summary.json; a saved baseline is one too): the
// part plimsoll reads, as a schema every reader shares. Extra fields k6 writes pass through.
import * as z from 'zod/mini';

export const summaryMetricSchema = z.looseObject({
  type: z.string(),
  /** `time` for durations, `data` for bytes, `default` otherwise. */
  contains: z.optional(z.string()),
  values: z.record(z.string(), z.number()),
  /** k6's own judgement of each threshold, by expression (absent on data merged from raw samples). */
  thresholds: z.optional(z.record(z.string(), z.looseObject({ ok: z.boolean() }))),
});

export const summarySchema = z.looseObject({
  metrics: z.record(z.string(), summaryMetricSchema),
  state: z.looseObject({ testRunDurationMs: z.number() }),
  options: z.optional(z.looseObject({ summaryTrendStats: z.optional(z.array(z.string())) })),
});

export type SummaryData = z.infer<typeof summarySchema>;
export type SummaryMetric = z.infer<typeof summaryMetricSchema>;
