// A spike against the service: warm-up, surge to RATE×PEAK, drop, recovery — under the default SLA.
import { scenario } from '../lib/plimsoll';
import { spike } from '../lib/profiles/spike';
import { endpointJourney } from '../lib/journey/endpoint-journey';
import { defaultSla } from '../lib/sla/default';

const run = scenario({ profile: spike, journey: endpointJourney, sla: defaultSla });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
