// Prototype (bench-only): the same baseline scenario as dist/baseline.js, split so VUs stay lean. The
// __VU 0 context (options, setup, handleSummary) require()s control.js; every other VU gets the validated,
// prepared settings from a SharedArray (computed once) and runs only the request loop below.
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';

const control = __VU === 0 ? require('./control.js') : undefined;
const data = new SharedArray('plimsoll-prepared', () => [control.prepared])[0];
const PAUSE = Number(__ENV.SLEEP || '0');

export const options = control ? control.run.options : {};
export const setup = control ? control.run.setup : undefined;
export const handleSummary = control ? control.run.handleSummary : undefined;

// The VU side: the phase clock and the endpoint journey, from plain data.
const spans = [];
let start = 0;
for (const p of data.plan.phases) {
  spans.push({ end: start + p.durationMs, phase: p.name });
  start += p.durationMs;
}
const prepared = data.endpoints.map((e) => ({
  method: e.method,
  url: data.target + e.path,
  params: { tags: { name: e.name }, timeout: data.timeout, responseCallback: http.expectedStatuses(e.expect) },
  checks: { [`${e.name} is ${e.expect}`]: (r) => r.status === e.expect },
}));

export default function () {
  const t = Date.now() - exec.scenario.startTime;
  let phase = spans[spans.length - 1].phase;
  for (const s of spans) if (t < s.end) { phase = s.phase; break; }
  exec.vu.metrics.tags.phase = phase;
  const e = prepared[0];
  const res = http.request(e.method, e.url, null, e.params);
  check(res, e.checks);
  if (PAUSE > 0) sleep(PAUSE);
}
