// The sustained profile against the service, with the endpoint journey, under the default SLA.
import { plimsoll } from '../lib/plimsoll';
import { sustained } from '../lib/profiles/sustained';
import { endpointJourney } from '../lib/journey/http';
import { defaultSla } from '../lib/sla/default';

const run = plimsoll({ profile: sustained, journey: endpointJourney, sla: defaultSla });

export const options = run.options;
export default run.iteration;
export const setup = run.setup;
export const handleSummary = run.handleSummary;
