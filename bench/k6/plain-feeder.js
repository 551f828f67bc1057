// The hand-written plain k6 script the feeder group measures bench/k6/feeder.ts against: the same CSV file
// (DATA_USERS) loaded once into k6's SharedArray the way a k6 user writes it without papaparse — split into
// lines, then each line by commas, one object per row keyed by the header — and the row of this iteration
// taken in turn (iterationInTest, as the `circular` feeder does). One GET carrying the row's username, tagged
// and checked as plimsoll's step, then SLEEP seconds; the same executor shape (ramping-vus holding VUS users).
import http from 'k6/http';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';
import { check, sleep } from 'k6';

const VUS = Number(__ENV.VUS);
const PAUSE = Number(__ENV.SLEEP || '5');

export const options = {
  scenarios: { plain: { executor: 'ramping-vus', startVUs: VUS, stages: [{ duration: __ENV.DURATION, target: VUS }] } },
};

const users = new SharedArray('users', () => {
  const [header, ...lines] = open(__ENV.DATA_USERS).split('\n').filter((l) => l !== '');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const row = {};
    names.forEach((name, i) => (row[name] = cells[i]));
    return row;
  });
});

const params = { tags: { name: 'target' } };
const checks = { 'target is 2xx/3xx': (r) => r.status >= 200 && r.status <= 399 };

export default function () {
  const user = users[exec.scenario.iterationInTest % users.length];
  check(http.get(`${__ENV.TARGET}/index.html?user=${user.username}`, params), checks);
  sleep(PAUSE);
}
