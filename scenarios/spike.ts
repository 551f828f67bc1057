// A spike against the service: warm-up, surge to RATE×PEAK, drop, recovery — under a spike's SLA.
import { scenario } from '../lib/plimsoll';
import { spike } from '../lib/profiles/spike';
import { endpointJourney } from '../lib/journey/endpoint-journey';

/**
 * A spike is meant to hurt: a p95 over the whole run would mostly measure the surge itself and fail any
 * service that slows down under 5× its load at all. What a spike asks is how the service behaves around it:
 * - before the surge, the everyday limit: warm-up p95 under 500 ms;
 * - during it, slower but still answering: peak p95 under 5 s (ten times the everyday limit);
 * - nothing fails, surge included: under 1 % of requests failed over the run (timeouts count);
 * - afterwards, back to normal (p95 within 50 % of warm-up) within 30 s of the surge ending.
 * Against the demo (no TARGET) the surge overloads it (about 36 requests/s against a peak of 50/s): p95 rises
 * about 10× at the peak, comes back a few seconds into the recovery, and every limit holds.
 */
const spikeSla = {
  global: { failRate: 0.01 },
  phases: { warmup: { p95: 500 }, peak: { p95: 5000 } },
  derived: { recoveryMs: 30_000 },
};

const run = scenario({ profile: spike, journey: endpointJourney, sla: spikeSla });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
