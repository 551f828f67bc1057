// plain-http.js plus what any script that tags every sample with its phase pays in each VU, written by
// hand: k6/execution (the scenario's start, the VU's live tags), a prepared run handed over in setup()'s
// data as JSON and parsed once per VU, and the phase tag written when the span changes. The memory group
// measures it beside plain as the floor of a phase-tagged run: what is left above it is plimsoll's own.
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';

const VUS = Number(__ENV.VUS);
const PAUSE = Number(__ENV.SLEEP || '0');

export const options = {
  scenarios: { plain: { executor: 'ramping-vus', startVUs: VUS, stages: [{ duration: __ENV.DURATION, target: VUS }] } },
};

export function setup() {
  return { run: JSON.stringify({ target: __ENV.TARGET, ends: [1e12], tags: [{ phase: 'baseline' }] }) };
}

const checks = { 'target is 2xx/3xx': (r) => r.status >= 200 && r.status <= 399 };
let run;
let start;
let live;
let written;
let params;

export default function (data) {
  run ??= JSON.parse(data.run);
  let k = 0;
  if (run.ends.length > 1) {
    const elapsed = Date.now() - (start ??= exec.scenario.startTime);
    while (k < run.ends.length - 1 && elapsed >= run.ends[k]) k++;
  }
  const tags = run.tags[k];
  live ??= exec.vu.metrics.tags;
  if (written !== tags) live.phase = (written = tags).phase;
  params ??= { tags: { name: 'target' } };
  check(http.get(run.target, params), checks);
  if (PAUSE > 0) sleep(PAUSE);
}
