// A spike against the service: warm-up, surge to RATE×PEAK, drop, recovery — under the default SLA.
import { plimsoll } from '../lib/plimsoll';
import { spike } from '../lib/profiles/spike';
import { endpointJourney } from '../lib/journey/http';
import { defaultSla } from '../lib/sla/default';

const run = plimsoll({ profile: spike, journey: endpointJourney, sla: defaultSla });

export const options = run.options;
export default run.iteration;
export const setup = run.setup;
export const handleSummary = run.handleSummary;
