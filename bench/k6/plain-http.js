// The hand-written plain k6 script the framework is measured against: the same request as plimsoll's
// default journey (GET TARGET, tagged with an endpoint name, status checked), the same executor shape
// that `MODEL=closed` gives dist/baseline.js (ramping-vus holding VUS users), nothing else.
// SLEEP (seconds, default 0) makes it the sleep-heavy journey of the memory benches.
import http from 'k6/http';
import { check, sleep } from 'k6';

const VUS = Number(__ENV.VUS);
const PAUSE = Number(__ENV.SLEEP || '0');

export const options = {
  scenarios: { plain: { executor: 'ramping-vus', startVUs: VUS, stages: [{ duration: __ENV.DURATION, target: VUS }] } },
};

const params = { tags: { name: 'target' } };
const checks = { 'target is 200': (r) => r.status === 200 };

export default function () {
  const res = http.get(__ENV.TARGET, params);
  check(res, checks);
  if (PAUSE > 0) sleep(PAUSE);
}
