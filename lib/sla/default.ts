import type { Sla } from './schema';

/** The SLA a run gets unless it names its own: 95 % of requests under 500 ms, under 1 % failed. */
export const defaultSla: Sla = {
  global: { p95: 500, failRate: 0.01 },
};
