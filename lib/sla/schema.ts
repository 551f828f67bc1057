// An SLA is data: limits for the whole run, per endpoint and per phase.
import * as z from 'zod/mini';

const ms = () => z.optional(z.number().check(z.positive('a latency in milliseconds greater than 0')));
const fraction = () => z.optional(z.number().check(z.gte(0, 'a fraction from 0 to 1'), z.lte(1, 'a fraction from 0 to 1')));

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
  /** Requests per second over the run: must reach at least. */
  minRate: z.optional(z.number().check(z.positive('a rate in requests per second greater than 0'))),
});

export const slaSchema = z.strictObject({
  global: z._default(limitsSchema, {}),
  endpoints: z._default(z.record(z.string(), limitsSchema), {}),
  phases: z._default(z.record(z.string(), limitsSchema), {}),
});

export type Limits = z.infer<typeof limitsSchema>;
export type Sla = z.input<typeof slaSchema>;
