// A spike against the service: warm-up, surge to RATE×PEAK, drop, recovery — under a spike's SLA.
import { scenario } from '../lib/plimsoll';
import { spike } from '../lib/profiles/spike';
import { endpointJourney } from '../lib/journey/endpoint-journey';

/**
 * A spike is meant to hurt: a p95 over the whole run would mostly measure the surge itself and fail any
 * service that slows down under 5× its load at all. What a spike asks is how the service behaves around it:
 * - before the surge, the everyday limit: warm-up p95 under 500 ms;
 * - during it, slower but still answering: peak p95 under 5 s (ten times the everyday limit);
 * - nothing fails, surge included: under 1 % of requests failed over the run (timeouts count).
 * How far p95 rose (degradation) and when it came back (recovery) are measured and told either way. Recovery
 * is not gated by default: at TIME_SCALE 0.02 (a 6-second smoke run) a 10 s window shrinks to 0.2 s and two
 * requests, and one slow request in the last window reads as "never recovered" (2 of 30 such runs against a
 * healthy, fast demo). At real scale, gate it in an SLA file: "derived": { "recoveryMs": 30000 }.
 * Against the demo (no TARGET) the surge overloads it (about 36 requests/s against a peak of 50/s): p95 rises
 * about 10× at the peak, is back to normal a few seconds into the recovery, and every limit holds.
 */
const spikeSla = {
  global: { failRate: 0.01 },
  phases: { warmup: { p95: 500 }, peak: { p95: 5000 } },
};

const run = scenario({ profile: spike, journey: endpointJourney, sla: spikeSla });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
