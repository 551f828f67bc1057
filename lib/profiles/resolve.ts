// Settings → a profile's scaled plan and scenarios, checked against the safety limits. Control side only
// (it validates with zod): every VU gets the result, not the work.
import { parseSettings } from '../config/settings';
import { formatDuration } from '../config/duration';
import type { Params } from '../config/params';
import { ONE_REQUEST, peakRate, planDurationMs, scalePlan, toScenarios, type IterationCost, type Profile } from './profile';

/** The k6 scenario a profile runs as: its name (the plimsoll scenario), the tags of its samples, its iteration's cost. */
export interface RunShape {
  name: string;
  tags: Record<string, string>;
  cost: IterationCost;
}

/** Settings → the scaled plan and its scenarios; the error is one line for the user. */
export function resolveProfile<P extends Params>(
  profile: Profile<P>,
  env: Record<string, string | undefined>,
  shape: RunShape = { name: profile.name, tags: { profile: profile.name }, cost: ONE_REQUEST },
) {
  const parsed = parseSettings(profile.params, env);
  if (!parsed.ok) return parsed;
  const { settings } = parsed;
  const plan = scalePlan(profile.plan(settings), settings.TIME_SCALE);
  // RATE counts iterations (journeys); the ceiling guards the requests they make.
  const peak = peakRate(plan) * shape.cost.requests;
  if (peak > settings.RATE_CEILING) {
    const per = shape.cost.requests > 1 ? ` (${peakRate(plan)} journeys/s × ${shape.cost.requests} requests each)` : '';
    return { ok: false as const, error: `the ${profile.name} peaks at ${peak} requests/s${per}, above RATE_CEILING=${settings.RATE_CEILING}: lower RATE/PEAK, or raise RATE_CEILING if you mean it` };
  }
  if (planDurationMs(plan) > profile.maxDurationMs) {
    return { ok: false as const, error: `the ${profile.name} would run ${formatDuration(planDurationMs(plan))}, above its limit of ${formatDuration(profile.maxDurationMs)}: shorten DURATION or lower TIME_SCALE` };
  }
  return { ok: true as const, settings, plan, scenarios: toScenarios(shape.name, plan, settings, shape.cost, shape.tags) };
}
