// Bench-only plimsoll scenario: the framework's baseline profile, endpoint journey and default SLA,
// exactly as scenarios/baseline.ts joins them, with one addition — the journey sleeps SLEEP seconds
// after its request (a sleep-heavy journey, for the memory and scale benches). Run it with MODEL=closed,
// RATE=<VUs>, EXPECTED_LATENCY=1s: the profile then holds exactly RATE users (ramping-vus).
// Plain JavaScript so the Node-side type-check (tsconfig.node.json covers bench/) never sees k6 imports.
import { sleep } from 'k6';
import { scenario } from '../../lib/plimsoll';
import { baseline } from '../../lib/profiles/baseline';
import { endpointJourney } from '../../lib/journey/endpoint-journey';
import { defaultSla } from '../../lib/sla/default';

const PAUSE = Number(__ENV.SLEEP || '5');

const sleepyJourney = {
  ...endpointJourney,
  iteration(session, ctx) {
    endpointJourney.iteration(session, ctx);
    sleep(PAUSE);
  },
};

const run = scenario({ profile: baseline, journey: sleepyJourney, sla: defaultSla });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
