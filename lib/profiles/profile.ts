// A profile is data plus a pure function: settings → a plan (phases of arrival rate over time).
// toScenarios turns any plan into k6's options.scenarios; phaseClock tells which phase (and window)
// a moment belongs to, so every sample can be tagged with it.
import type { CommonSettings, Settings } from '../config/settings';
import type { Params } from '../config/params';
import { formatDuration } from '../config/duration';
import type { MeasureSpec, Phase, Plan } from '../wire/run-sla';

export type { Phase, Plan };

export interface Profile<P extends Params = Params> {
  name: string;
  /** Settings this profile takes beyond the common ones (RATE, PEAK, …), with their defaults. */
  params: P;
  /** The plan at TIME_SCALE 1; durations are scaled afterwards, rates never are. */
  plan(settings: Settings<P>): Plan;
  /** Derived measures this profile reports (degradation, recovery, drift, capacity), gated by the SLA. */
  measures?: MeasureSpec[];
  /**
   * 'breakpoint': the SLA's limits are where the run stops (all abort when crossed), not pass/fail
   * gates — crossing them is the point; the verdict then rests on the derived limits (capacity).
   */
  slaRole?: 'limits' | 'breakpoint';
  /** Hard upper bound on the (scaled) run time: a typo in DURATION must not run for days. */
  maxDurationMs: number;
}

export const defineProfile = <P extends Params>(profile: Profile<P>): Profile<P> => profile;

// The open model needs enough VUs to keep the arrival rate while iterations run: VUs in flight ≈ rate ×
// iteration time (Little's law). Preallocate twice that; allow ten times before dropping.
const PREALLOCATE_FACTOR = 2;
const MAX_FACTOR = 10;

export function scalePlan(plan: Plan, timeScale: number): Plan {
  return { ...plan, phases: plan.phases.map((p) => ({ ...p, durationMs: Math.round(p.durationMs * timeScale) })) };
}

export const planDurationMs = (plan: Plan) => plan.phases.reduce((sum, p) => sum + p.durationMs, 0);
export const peakRate = (plan: Plan) => Math.max(plan.startRate, ...plan.phases.map((p) => p.target));
export const phaseNames = (plan: Plan) => [...new Set(plan.phases.map((p) => p.name))];
export const windowNames = (plan: Plan) =>
  plan.phases.flatMap((p) => Array.from({ length: p.windows ?? 0 }, (_, i) => `${p.name}-${i + 1}`));

type PoolSettings = Pick<CommonSettings, 'EXPECTED_LATENCY' | 'PRE_VUS' | 'MAX_VUS' | 'MODEL'>;

/** What one iteration (journey) costs: its requests, each at EXPECTED_LATENCY, and its think time. */
export interface IterationCost {
  requests: number;
  thinkMs: number;
}

/** One request and no think time: the endpoint list's iteration. */
export const ONE_REQUEST: IterationCost = { requests: 1, thinkMs: 0 };

export const iterationMs = (cost: IterationCost, settings: Pick<CommonSettings, 'EXPECTED_LATENCY'>) => cost.requests * settings.EXPECTED_LATENCY + cost.thinkMs;

export function vuPool(plan: Plan, settings: PoolSettings, cost: IterationCost = ONE_REQUEST) {
  const inFlight = (peakRate(plan) * iterationMs(cost, settings)) / 1000;
  const preAllocatedVUs = settings.PRE_VUS ?? Math.max(1, Math.ceil(inFlight * PREALLOCATE_FACTOR));
  const maxVUs = Math.max(preAllocatedVUs, settings.MAX_VUS ?? Math.ceil(inFlight * MAX_FACTOR));
  return { preAllocatedVUs, maxVUs };
}

// k6 arrival rates are whole iterations per timeUnit: fractional rates (RATE=0.5) count per minute instead.
function rateUnit(plan: Plan): { timeUnit: string; per: number } {
  const rates = [plan.startRate, ...plan.phases.map((p) => p.target)];
  return rates.every(Number.isInteger) ? { timeUnit: '1s', per: 1 } : { timeUnit: '1m', per: 60 };
}

/**
 * options.scenarios for a (scaled) plan: one k6 scenario, named after the plimsoll scenario, its samples
 * tagged with `tags` (profile, journey). The open model (ramping-arrival-rate, default) keeps the arrival
 * rate whatever the target does; MODEL=closed uses ramping-vus with rate × iteration time users, for
 * journeys that must pace themselves.
 */
export function toScenarios(name: string, plan: Plan, settings: PoolSettings, cost: IterationCost = ONE_REQUEST, tags: Record<string, string> = { profile: name }) {
  if (settings.MODEL === 'closed') {
    const users = (rate: number) => Math.max(1, Math.ceil((rate * iterationMs(cost, settings)) / 1000));
    return {
      [name]: {
        executor: 'ramping-vus' as const,
        startVUs: users(plan.startRate),
        stages: plan.phases.map((p) => ({ duration: formatDuration(p.durationMs), target: users(p.target) })),
        tags,
      },
    };
  }
  const { timeUnit, per } = rateUnit(plan);
  return {
    [name]: {
      executor: 'ramping-arrival-rate' as const,
      startRate: Math.round(plan.startRate * per),
      timeUnit,
      ...vuPool(plan, settings, cost),
      stages: plan.phases.map((p) => ({ duration: formatDuration(p.durationMs), target: Math.round(p.target * per) })),
      tags,
    },
  };
}

export interface PhaseTags {
  phase: string;
  window?: string;
}

/** A phase clock: the tags of a moment, and its spans as data (`ends`, ms from the scenario's start, and each span's `tags`). */
export interface PhaseClock {
  (elapsedMs: number): PhaseTags;
  ends: number[];
  tags: PhaseTags[];
}

/**
 * Which phase and window a moment (ms since the scenario started) falls in; past the end, the last. VU 0
 * makes it; the VUs that make requests receive `ends` and `tags` as data and look moments up themselves
 * (lib/plimsoll.ts) — a function made in every VU is memory in every VU.
 */
export const phaseClock = (plan: Plan): PhaseClock => {
  // Precomputed once: every moment's answer is a lookup over a handful of boundaries.
  const ends: number[] = [];
  const tags: PhaseTags[] = [];
  let start = 0;
  for (const p of plan.phases) {
    const n = p.windows ?? 0;
    if (n === 0) {
      ends.push(start + p.durationMs);
      tags.push({ phase: p.name });
    }
    for (let i = 1; i <= n; i++) {
      ends.push(start + (p.durationMs * i) / n);
      tags.push({ phase: p.name, window: `${p.name}-${i}` });
    }
    start += p.durationMs;
  }
  const last = ends.length - 1;
  const clock = (elapsedMs: number) => {
    for (let i = 0; i < last; i++) if (elapsedMs < ends[i]!) return tags[i]!;
    return tags[last]!;
  };
  return Object.assign(clock, { ends, tags });
};
