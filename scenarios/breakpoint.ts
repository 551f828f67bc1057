// The breakpoint profile against the service, with the endpoint journey, under the default SLA.
import { plimsoll } from '../lib/plimsoll';
import { breakpoint } from '../lib/profiles/breakpoint';
import { endpointJourney } from '../lib/journey/http';
import { defaultSla } from '../lib/sla/default';

const run = plimsoll({ profile: breakpoint, journey: endpointJourney, sla: defaultSla });

export const options = run.options;
export default run.iteration;
export const setup = run.setup;
export const handleSummary = run.handleSummary;
