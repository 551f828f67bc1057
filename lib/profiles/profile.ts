// A profile is data plus a pure function: settings → a plan (phases of arrival rate over time).
// toScenarios turns any plan into k6's options.scenarios; phaseClock tells which phase a moment belongs to.
import { parseSettings, type CommonSettings, type Settings, type Shape } from '../config/settings';
import { formatDuration } from '../config/duration';

/** One phase: over durationMs the arrival rate moves linearly to `target` iterations per second. */
export interface Phase {
  name: string;
  durationMs: number;
  target: number;
}

export interface Plan {
  /** Arrival rate (iterations/s) at the start of the first phase. */
  startRate: number;
  phases: Phase[];
}

export interface Profile<P extends Shape = Shape> {
  name: string;
  /** Settings this profile takes beyond the common ones (RATE, PEAK, …), with their defaults. */
  params: P;
  /** The plan at TIME_SCALE 1; durations are scaled afterwards, rates never are. */
  plan(settings: Settings<P>): Plan;
}

export const defineProfile = <P extends Shape>(profile: Profile<P>): Profile<P> => profile;

// The open model needs enough VUs to keep the arrival rate while responses take EXPECTED_LATENCY:
// VUs in flight ≈ rate × latency (Little's law). Preallocate twice that; allow ten times before dropping.
const PREALLOCATE_FACTOR = 2;
const MAX_FACTOR = 10;

export function scalePlan(plan: Plan, timeScale: number): Plan {
  return { ...plan, phases: plan.phases.map((p) => ({ ...p, durationMs: Math.round(p.durationMs * timeScale) })) };
}

export const planDurationMs = (plan: Plan) => plan.phases.reduce((sum, p) => sum + p.durationMs, 0);
export const peakRate = (plan: Plan) => Math.max(plan.startRate, ...plan.phases.map((p) => p.target));

export function vuPool(plan: Plan, settings: Pick<CommonSettings, 'EXPECTED_LATENCY' | 'PRE_VUS' | 'MAX_VUS'>) {
  const inFlight = (peakRate(plan) * settings.EXPECTED_LATENCY) / 1000;
  const preAllocatedVUs = settings.PRE_VUS ?? Math.max(1, Math.ceil(inFlight * PREALLOCATE_FACTOR));
  const maxVUs = Math.max(preAllocatedVUs, settings.MAX_VUS ?? Math.ceil(inFlight * MAX_FACTOR));
  return { preAllocatedVUs, maxVUs };
}

// k6 arrival rates are whole iterations per timeUnit: fractional rates (RATE=0.5) count per minute instead.
function rateUnit(plan: Plan): { timeUnit: string; per: number } {
  const rates = [plan.startRate, ...plan.phases.map((p) => p.target)];
  return rates.every(Number.isInteger) ? { timeUnit: '1s', per: 1 } : { timeUnit: '1m', per: 60 };
}

/** options.scenarios for a (scaled) plan: one ramping-arrival-rate scenario named after the profile. */
export function toScenarios(name: string, plan: Plan, settings: Parameters<typeof vuPool>[1]) {
  const { timeUnit, per } = rateUnit(plan);
  return {
    [name]: {
      executor: 'ramping-arrival-rate' as const,
      startRate: Math.round(plan.startRate * per),
      timeUnit,
      ...vuPool(plan, settings),
      stages: plan.phases.map((p) => ({ duration: formatDuration(p.durationMs), target: Math.round(p.target * per) })),
      tags: { profile: name },
    },
  };
}

/** Which phase a moment (ms since the scenario started) falls in; past the end it is the last phase. */
export function phaseClock(plan: Plan): (elapsedMs: number) => string {
  const ends: number[] = [];
  let end = 0;
  for (const p of plan.phases) ends.push((end += p.durationMs));
  const last = plan.phases.length - 1;
  return (elapsedMs) => {
    for (let i = 0; i < last; i++) if (elapsedMs < ends[i]!) return plan.phases[i]!.name;
    return plan.phases[last]!.name;
  };
}

/** Settings → the scaled plan and its scenarios; the error is one line for the user. */
export function resolveProfile<P extends Shape>(profile: Profile<P>, env: Record<string, string | undefined>) {
  const parsed = parseSettings(profile.params, env);
  if (!parsed.ok) return parsed;
  const { settings } = parsed;
  const plan = scalePlan(profile.plan(settings), settings.TIME_SCALE);
  return { ok: true as const, settings, plan, scenarios: toScenarios(profile.name, plan, settings) };
}

