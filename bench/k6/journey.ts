// Bench-only plimsoll scenario (the `journey` group): a multi-step journey modelled on scenarios/shop.ts,
// without think time, against the bench's static nginx. Step one GETs a small JSON file holding a token and
// hands it to session.auth(); four more GET steps carry the Authorization header. Every step is a Session
// step: its `name` tag, k6's expected statuses and the check `<step> is 2xx/3xx`.
// bench/k6/plain-journey.js is the hand-written k6 script making the same requests, checks and tags.
//
// bench.ts bundles it with build/bundle.ts's own bundle() and runs it with MODEL=closed, RATE=<VUs> and
// EXPECTED_LATENCY=200ms: five requests at 200 ms each make the profile hold exactly RATE users.
// SLEEP (seconds, default 0) pauses at the end of each visit — the memory figure's VUs stay alive;
// plain-journey.js sleeps the same.
import { scenario, journey, think } from '../../lib/plimsoll';
import { baseline } from '../../lib/profiles/baseline';

/** The files bench.ts writes under the nginx root: /journey/<file>. */
const PATH = '/journey';
const PAUSE = Number(__ENV.SLEEP || '0');

const visit = journey({
  name: 'bench-journey',
  steps: ['login', 'items-list', 'item-get', 'cart-get', 'account-get'],
  iteration(session) {
    session.auth(session.get('login', `${PATH}/token.json`).json<{ token: string }>().token);
    session.get('items-list', `${PATH}/items.json`);
    session.get('item-get', `${PATH}/item.json`);
    session.get('cart-get', `${PATH}/cart.json`);
    session.get('account-get', `${PATH}/account.json`);
    if (PAUSE > 0) think(PAUSE);
  },
});

const run = scenario({ profile: baseline, journey: visit, sla: { global: { p95: 500, failRate: 0.01 } } });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
