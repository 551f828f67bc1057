// The breakpoint profile against the service, with the endpoint journey, under the default SLA.
import { scenario } from '../lib/plimsoll';
import { breakpoint } from '../lib/profiles/breakpoint';
import { endpointJourney } from '../lib/journey/endpoint-journey';
import { defaultSla } from '../lib/sla/default';

const run = scenario({ profile: breakpoint, journey: endpointJourney, sla: defaultSla });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
