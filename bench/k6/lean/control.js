// Prototype (bench-only): the control side of a plimsoll scenario — everything only k6's options pass,
// setup() and handleSummary() need (zod validation, SLA translation, verdict). Loaded by scenario.js with
// require() in the __VU 0 context alone, so the VUs that make the requests never evaluate it.
import { plimsoll } from '../../../lib/plimsoll';
import { resolveProfile } from '../../../lib/profiles/resolve';
import { baseline } from '../../../lib/profiles/baseline';
import { endpointJourney } from '../../../lib/journey/http';
import { TARGET_ONLY } from '../../../lib/journey/endpoints';
import { defaultSla } from '../../../lib/sla/default';
import { formatDuration } from '../../../lib/config/duration';

export const run = plimsoll({ profile: baseline, journey: endpointJourney, sla: defaultSla });
const resolved = resolveProfile(baseline, __ENV);
/** What a VU needs, as plain JSON (shared once through a SharedArray). */
export const prepared = resolved.ok
  ? { target: resolved.settings.TARGET, endpoints: TARGET_ONLY, timeout: formatDuration(resolved.settings.TIMEOUT), plan: resolved.plan }
  : undefined;
