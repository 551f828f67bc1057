// Bench-only plimsoll scenario (the `feeder` group): a sleep-heavy journey fed from a data file. Each visit
// takes the next row of a CSV (lib/data/feeder.ts, strategy `circular`) and sends one GET carrying the row's
// username, then sleeps SLEEP seconds — so every VU lives through the run and peak RSS shows what a VU holds.
// bench/k6/plain-feeder.js is the hand-written k6 script reading the same file into a SharedArray.
//
// bench.ts generates the file (100,000 rows) and names it with DATA_USERS, the feeder's own run-time
// setting; it runs the bundle with MODEL=closed, RATE=<VUs>, EXPECTED_LATENCY=1s (exactly RATE users).
import { scenario, journey, feeder, think } from '../../lib/plimsoll';
import { baseline } from '../../lib/profiles/baseline';

const PAUSE = Number(__ENV.SLEEP || '5');

// The path is a placeholder: DATA_USERS replaces it in every bench run.
const users = feeder<{ username: string; password: string }>('users', 'users.csv', { strategy: 'circular' });

const visit = journey({
  name: 'bench-feeder',
  steps: ['target'],
  feed: users,
  iteration(session, { row }) {
    session.get('target', `/index.html?user=${row.username}`);
    think(PAUSE);
  },
});

const run = scenario({ profile: baseline, journey: visit, sla: { global: { p95: 500, failRate: 0.01 } } });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
