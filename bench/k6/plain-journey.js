// The hand-written plain k6 script the journey group measures bench/k6/journey.ts against: the same five
// GETs (a token from a small JSON file, then four requests with `Authorization: Bearer <token>`), each tagged
// with its step name and checked for its status with a check of the same name as plimsoll's, on the same
// executor shape that `MODEL=closed` gives the plimsoll side (ramping-vus holding VUS users). Written the
// way one writes k6 by hand: TARGET is the nginx origin; nothing else.
// SLEEP (seconds, default 0) pauses at the end of each iteration, as journey.ts does (the memory figure).
import http from 'k6/http';
import { check, sleep } from 'k6';

const VUS = Number(__ENV.VUS);
const PAUSE = Number(__ENV.SLEEP || '0');
const BASE = `${__ENV.TARGET}/journey`;

export const options = {
  scenarios: { plain: { executor: 'ramping-vus', startVUs: VUS, stages: [{ duration: __ENV.DURATION, target: VUS }] } },
};

const ok = (r) => r.status >= 200 && r.status <= 399;

export default function () {
  const login = http.get(`${BASE}/token.json`, { tags: { name: 'login' } });
  check(login, { 'login is 2xx/3xx': ok });
  const headers = { Authorization: `Bearer ${login.json().token}` };

  check(http.get(`${BASE}/items.json`, { headers, tags: { name: 'items-list' } }), { 'items-list is 2xx/3xx': ok });
  check(http.get(`${BASE}/item.json`, { headers, tags: { name: 'item-get' } }), { 'item-get is 2xx/3xx': ok });
  check(http.get(`${BASE}/cart.json`, { headers, tags: { name: 'cart-get' } }), { 'cart-get is 2xx/3xx': ok });
  check(http.get(`${BASE}/account.json`, { headers, tags: { name: 'account-get' } }), { 'account-get is 2xx/3xx': ok });
  if (PAUSE > 0) sleep(PAUSE);
}
