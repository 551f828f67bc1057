// Test fixture: each way a step is checked — the default expectation, `expect` as a number, a list and a
// range, a body check, JSON and text bodies, one step requested with two expectations in turn, and steps
// whose expectation the demo does not meet — so that each check's passes and fails can be compared with
// what the demo answered.
import { scenario, journey } from '../../lib/plimsoll';
import { baseline } from '../../lib/profiles/baseline';

let visits = 0;

const visit = journey({
  name: 'checks',
  steps: ['items-list', 'item-missing', 'item-strict', 'item-turns', 'search-bad', 'order', 'order-text'],
  iteration(session) {
    session.get('items-list', '/api/items', { checks: { 'lists 20': (r) => r.json<unknown[]>().length === 20 } });
    session.get('item-missing', '/api/items/0', { expect: [200, 404] });
    session.get('item-strict', '/api/items/0', { expect: 200 });
    // An inline list is a new object on every call: the step finds its params again by the expectation's text.
    session.get('item-turns', '/api/items/0', { expect: visits++ % 2 ? [404] : 200 });
    session.get('search-bad', '/api/search', { expect: { min: 400, max: 499 } });
    session.post('order', '/api/orders', { item: 1 }, { expect: 201 });
    session.post('order-text', '/api/orders', 'not json');
  },
});

const run = scenario({ profile: baseline, journey: visit, sla: { global: { failRate: 1 } } });
export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
