// Test fixture: a 0.8 / 0.2 mix of two one-request journeys under a spike.
import { scenario, journey } from '../../lib/plimsoll';
import { spike } from '../../lib/profiles/spike';

const browse = journey({ name: 'browse', steps: ['items-list'], iteration: (s) => void s.get('items-list', '/api/items') });
const buy = journey({ name: 'buy', steps: ['item-get'], iteration: (s) => void s.get('item-get', '/api/items/7') });

const run = scenario({
  profile: spike,
  mix: [
    [browse, 0.8],
    [buy, 0.2],
  ],
  sla: { global: { failRate: 0.01 } },
});
export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
