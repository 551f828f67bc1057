// Settings → a profile's scaled plan and scenarios, checked against the safety limits. Control side only
// (it validates with zod): every VU gets the result, not the work.
import { parseSettings } from '../config/settings';
import { formatDuration } from '../config/duration';
import type { Params } from '../config/params';
import { ONE_REQUEST, peakRate, planDurationMs, scalePlan, toScenarios, type IterationCost, type Plan, type Profile } from './profile';

/**
 * One k6 scenario a profile runs as: its name, the tags of its samples, its iteration's cost and its share of
 * the profile's arrival rate (a workload mix runs one per journey, each with its share in every phase).
 */
export interface RunPart {
  name: string;
  tags: Record<string, string>;
  cost: IterationCost;
  share: number;
}

/** The plan at `share` of its rates: durations unchanged. */
const sharePlan = (plan: Plan, share: number): Plan => ({ startRate: plan.startRate * share, phases: plan.phases.map((p) => ({ ...p, target: p.target * share })) });

/** Settings → the scaled plan and its scenarios; the error is one line for the user. */
export function resolveProfile<P extends Params>(
  profile: Profile<P>,
  env: Record<string, string | undefined>,
  parts: readonly RunPart[] = [{ name: profile.name, tags: { profile: profile.name }, cost: ONE_REQUEST, share: 1 }],
) {
  const parsed = parseSettings(profile.params, env);
  if (!parsed.ok) return parsed;
  const { settings } = parsed;
  const plan = scalePlan(profile.plan(settings), settings.TIME_SCALE);
  // RATE counts iterations (journeys); the ceiling guards the requests they make.
  const perJourney = parts.reduce((sum, p) => sum + p.share * p.cost.requests, 0);
  const peak = Math.round(peakRate(plan) * perJourney * 100) / 100;
  if (peak > settings.RATE_CEILING) {
    const per = perJourney !== 1 ? ` (${peakRate(plan)} journeys/s × ${+perJourney.toFixed(2)} requests each)` : '';
    return { ok: false as const, error: `the ${profile.name} peaks at ${peak} requests/s${per}, above RATE_CEILING=${settings.RATE_CEILING}: lower RATE/PEAK, or raise RATE_CEILING if you mean it` };
  }
  if (planDurationMs(plan) > profile.maxDurationMs) {
    return { ok: false as const, error: `the ${profile.name} would run ${formatDuration(planDurationMs(plan))}, above its limit of ${formatDuration(profile.maxDurationMs)}: shorten DURATION or lower TIME_SCALE` };
  }
  const scenarios = Object.assign({}, ...parts.map((p) => toScenarios(p.name, sharePlan(plan, p.share), settings, p.cost, p.tags))) as ReturnType<typeof toScenarios>;
  return { ok: true as const, settings, plan, scenarios };
}
