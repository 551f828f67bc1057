// Settings → a profile's scaled plan and scenarios, checked against the safety limits. Control side only
// (it validates with zod): every VU gets the result, not the work.
import { parseSettings } from '../config/settings';
import { formatDuration } from '../config/duration';
import type { Params } from '../config/params';
import { peakRate, planDurationMs, scalePlan, toScenarios, type Profile } from './profile';

/** Settings → the scaled plan and its scenarios; the error is one line for the user. */
export function resolveProfile<P extends Params>(profile: Profile<P>, env: Record<string, string | undefined>) {
  const parsed = parseSettings(profile.params, env);
  if (!parsed.ok) return parsed;
  const { settings } = parsed;
  const plan = scalePlan(profile.plan(settings), settings.TIME_SCALE);
  const peak = peakRate(plan);
  if (peak > settings.RATE_CEILING) {
    return { ok: false as const, error: `the ${profile.name} peaks at ${peak} requests/s, above RATE_CEILING=${settings.RATE_CEILING}: lower RATE/PEAK, or raise RATE_CEILING if you mean it` };
  }
  if (planDurationMs(plan) > profile.maxDurationMs) {
    return { ok: false as const, error: `the ${profile.name} would run ${formatDuration(planDurationMs(plan))}, above its limit of ${formatDuration(profile.maxDurationMs)}: shorten DURATION or lower TIME_SCALE` };
  }
  return { ok: true as const, settings, plan, scenarios: toScenarios(profile.name, plan, settings) };
}
