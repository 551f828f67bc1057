import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, formatDuration } from '../lib/config/duration';
import { parseSettings } from '../lib/config/settings';
import { phaseClock, planDurationMs, phaseNames, windowNames, type Profile } from '../lib/profiles/profile';
import { resolveProfile } from '../lib/profiles/resolve';
import { spike } from '../lib/profiles/spike';
import { baseline } from '../lib/profiles/baseline';
import { sustained } from '../lib/profiles/sustained';
import { soak } from '../lib/profiles/soak';
import { stress } from '../lib/profiles/stress';
import { breakpoint } from '../lib/profiles/breakpoint';

/** The resolved plan and its single scenario, or a failed assertion with the error. */
function resolved(profile: Profile<any>, env: Record<string, string>) {
  const r = resolveProfile(profile, { TARGET, ...env });
  if (!r.ok) assert.fail(r.error);
  return { ...r, scenario: Object.values(r.scenarios)[0] as Record<string, any> };
}

const TARGET = 'http://127.0.0.1:8080';

test('durations: Go-style accepted, prose rejected, formatting round-trips', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('2h3m4s5ms'), 7_384_005);
  for (const bad of ['5 minutes', '10', '', 'm', '1x', '-5s']) assert.equal(parseDuration(bad), undefined, bad);
  for (const ms of [0, 1, 999, 1000, 90_000, 7_384_005]) assert.equal(parseDuration(formatDuration(ms)), ms);
  assert.equal(formatDuration(90_000), '1m30s');
});

test('spike → options.scenarios (golden) at TIME_SCALE 1', () => {
  const r = resolveProfile(spike, { TARGET });
  assert.ok(r.ok);
  assert.deepEqual(r.scenarios, {
    spike: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
      preAllocatedVUs: 20,
      maxVUs: 100,
      stages: [
        { duration: '1m', target: 10 },
        { duration: '15s', target: 50 },
        { duration: '1m30s', target: 50 },
        { duration: '15s', target: 10 },
        { duration: '2m', target: 10 },
      ],
      tags: { profile: 'spike' },
    },
  });
  assert.equal(planDurationMs(r.plan), 300_000);
});

test('TIME_SCALE scales durations, never rates', () => {
  const r = resolved(spike, { TIME_SCALE: '0.1', RATE: '20', PEAK: '3' });
  assert.equal(planDurationMs(r.plan), 30_000);
  assert.deepEqual(r.scenario.stages.map((s: any) => s.duration), ['6s', '1s500ms', '9s', '1s500ms', '12s']);
  assert.deepEqual(r.scenario.stages.map((s: any) => s.target), [20, 60, 60, 20, 20]);
});

test('fractional rates count per minute; VU caps can be overridden', () => {
  const r = resolved(spike, { RATE: '0.5', PEAK: '3', PRE_VUS: '4', MAX_VUS: '9' });
  assert.equal(r.scenario.timeUnit, '1m');
  assert.equal(r.scenario.startRate, 30);
  assert.deepEqual(r.scenario.stages.map((s: any) => s.target), [30, 90, 90, 30, 30]);
  assert.equal(r.scenario.preAllocatedVUs, 4);
  assert.equal(r.scenario.maxVUs, 9);
});

test('the VU pool follows rate × expected latency', () => {
  const r = resolved(spike, { RATE: '100', PEAK: '2', EXPECTED_LATENCY: '1s' });
  assert.equal(r.scenario.preAllocatedVUs, 400);
  assert.equal(r.scenario.maxVUs, 2000);
});

test('MODEL=closed: ramping-vus with rate × expected latency users, same stage durations', () => {
  const open = resolved(spike, { RATE: '10', PEAK: '5', EXPECTED_LATENCY: '1s' }).scenario;
  const closed = resolved(spike, { RATE: '10', PEAK: '5', EXPECTED_LATENCY: '1s', MODEL: 'closed' }).scenario;
  assert.equal(closed.executor, 'ramping-vus');
  assert.equal(closed.startVUs, 10);
  // At 1 s per iteration, users equal the arrival rate (Little's law).
  assert.deepEqual(closed.stages, open.stages);
  assert.deepEqual(Object.keys(closed).sort(), ['executor', 'stages', 'startVUs', 'tags']);
});

test('phase clock: boundaries belong to the next phase; past the end is the last; windows split a phase', () => {
  const r = resolved(spike, { TIME_SCALE: '0.01' });
  const at = (ms: number) => phaseClock(r.plan)(ms).phase;
  assert.deepEqual([0, 599, 600, 749, 750, 1649, 1650, 1799, 1800, 2999, 99_999].map(at),
    ['warmup', 'warmup', 'ramp', 'ramp', 'peak', 'peak', 'drop', 'drop', 'recovery', 'recovery', 'recovery']);
  // Recovery (1.2 s here) is cut into 12 windows of 100 ms.
  const clock = phaseClock(r.plan);
  assert.deepEqual([1799, 1800, 1899, 1900, 2999, 99_999].map((ms) => clock(ms).window),
    [undefined, 'recovery-1', 'recovery-1', 'recovery-2', 'recovery-12', 'recovery-12']);
});

test('every profile: golden stages, total duration and phase names', () => {
  const cases: [Profile<any>, Record<string, string>, string[], [string, number][], number][] = [
    [baseline, {}, ['baseline'], [['1m', 5]], 60_000],
    [sustained, {}, ['ramp', 'steady'], [['30s', 10], ['5m', 10]], 330_000],
    [sustained, { RAMP: '0s', DURATION: '1m30s' }, ['steady'], [['1m30s', 10]], 90_000],
    [soak, { WINDOWS: '4' }, ['soak'], [['2h', 10]], 7_200_000],
    [stress, { STEPS: '3', STEP_DURATION: '1m' }, ['step-1', 'step-2', 'step-3'],
      [['10s', 10], ['1m', 10], ['10s', 20], ['1m', 20], ['10s', 30], ['1m', 30]], 210_000],
    [breakpoint, { WINDOWS: '5' }, ['ramp'], [['10m', 500]], 600_000],
  ];
  for (const [profile, env, phases, stages, total] of cases) {
    const r = resolved(profile, env);
    assert.deepEqual(phaseNames(r.plan), phases, profile.name);
    assert.deepEqual(r.scenario.stages.map((s: any) => [s.duration, s.target]), stages, profile.name);
    assert.equal(planDurationMs(r.plan), total, profile.name);
    assert.equal(r.scenario.executor, 'ramping-arrival-rate');
  }
  assert.equal(resolved(sustained, {}).scenario.startRate, 0);
  assert.deepEqual(windowNames(resolved(soak, { WINDOWS: '3' }).plan), ['soak-1', 'soak-2', 'soak-3']);
});

test('settings errors are one line naming the setting, the value and the expectation', () => {
  const cases: [Record<string, string>, string][] = [
    [{}, 'TARGET is not set'],
    [{ TARGET: 'notaurl' }, "TARGET='notaurl' is not valid: expected an http:// or https:// URL such as http://127.0.0.1:8080"],
    [{ TARGET: '127.0.0.1:8080' }, "TARGET='127.0.0.1:8080' is not valid: expected an http:// or https:// URL such as http://127.0.0.1:8080"],
    [{ TARGET, RATE: '0' }, "RATE='0' is not valid: expected a number greater than 0"],
    [{ TARGET, RATE: '-3' }, "RATE='-3' is not valid: expected a number greater than 0"],
    [{ TARGET, RATE: 'ten' }, "RATE='ten' is not valid: expected a number greater than 0"],
    [{ TARGET, PEAK: '1' }, "PEAK='1' is not valid: expected a number greater than 1"],
    [{ TARGET, TIME_SCALE: '0' }, "TIME_SCALE='0' is not valid: expected a number greater than 0"],
    [{ TARGET, EXPECTED_LATENCY: '5 minutes' }, "EXPECTED_LATENCY='5 minutes' is not valid: expected a duration above 0 like 500ms, 30s, 1m30s or 2h"],
    [{ TARGET, MAX_VUS: '2.5' }, "MAX_VUS='2.5' is not valid: expected a whole number greater than 0"],
    [{ TARGET, MODEL: 'closd' }, "MODEL='closd' is not valid: expected one of open, closed"],
  ];
  for (const [env, error] of cases) assert.deepEqual(resolveProfile(spike, env), { ok: false, error }, JSON.stringify(env));
});

test('settings: good values parse, empty means default, trailing slash is dropped', () => {
  const r = parseSettings(spike.params, { TARGET: 'https://[::1]:8443/api/', RATE: '', EXPECTED_LATENCY: '1m30s' });
  assert.ok(r.ok);
  assert.equal(r.settings.TARGET, 'https://[::1]:8443/api');
  assert.equal(r.settings.RATE, 10);
  assert.equal(r.settings.EXPECTED_LATENCY, 90_000);
});
