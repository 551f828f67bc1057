// The baseline profile against the service, with the endpoint journey, under the default SLA.
import { scenario } from '../lib/plimsoll';
import { baseline } from '../lib/profiles/baseline';
import { endpointJourney } from '../lib/journey/endpoint-journey';
import { defaultSla } from '../lib/sla/default';

const run = scenario({ profile: baseline, journey: endpointJourney, sla: defaultSla });

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
