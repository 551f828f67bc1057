// The demo shop under a spike: most visitors browse, one in five buys — logged in as a test user from a file.
import { scenario, journey, feeder, think } from '../lib/plimsoll';
import { spike } from '../lib/profiles/spike';

interface Item {
  id: number;
  name: string;
  priceCents: number;
}

// The demo's test users (demo/users.csv), loaded once into k6's shared memory. `unique`: each visit takes
// the next user, so no two buyers share a cart; with more buyers than users it wraps to the first again.
const users = feeder<{ username: string; password: string }>('users', '../demo/users.csv', { strategy: 'unique', exhausted: 'wrap' });

// Browsing is public: the catalogue, an item, a search.
const browser = journey({
  name: 'browse',
  steps: ['items-list', 'item-get', 'search'],
  expect: { think: '2s' },
  iteration(session) {
    const items = session.get('items-list', '/api/items').json<Item[]>();
    think('500ms', '1500ms');
    session.get('item-get', `/api/items/${items[Math.floor(Math.random() * items.length)]!.id}`);
    think('500ms', '1500ms');
    session.get('search', '/api/search?q=hull');
  },
});

const buyer = journey({
  name: 'buy',
  // Every request is one of these steps: its `name` tag, its check, its row in the report.
  steps: ['login', 'items-list', 'item-get', 'cart-add', 'checkout'],
  // Transactions: steps timed as a whole (flow_duration{flow:purchase}).
  flows: ['purchase'],
  // Metrics of our own: thresholds gate them like k6's.
  metrics: { orders: 'counter', order_value: 'trend' },
  // A visit makes five requests and thinks about three seconds: the VU pool is sized for that.
  expect: { think: '3s' },
  // One user per visit, from the file.
  feed: users,

  // Once per run, after plimsoll's reachability check: the catalogue every visit picks from.
  setup: (session) => ({ ids: session.get('items-list', '/api/items').json<Item[]>().map((i) => i.id) }),

  // One visit: the user logs in and holds the token for the rest of it (this VU's session sends it).
  iteration(session, { data, row, metrics }) {
    const login = session.post('login', '/login', { username: row.username, password: row.password });
    if (login.status !== 200) return; // counted as a failed login step; nothing else to do without a token
    session.auth(login.json<{ token: string }>().token);
    think('1s', '2s');

    session.get('items-list', '/api/items');
    think('500ms', '1s');
    const item = session.get('item-get', `/api/items/${data.ids[Math.floor(Math.random() * data.ids.length)]}`).json<Item>();
    think('500ms', '1s');

    session.flow('purchase', () => {
      session.post('cart-add', '/api/cart', { itemId: item.id, quantity: 1 }, { expect: 201 });
      const order = session.post('checkout', '/api/checkout', null, { expect: 201 });
      if (order.status !== 201) return;
      metrics.orders.add(1);
      metrics.order_value.add(order.json<{ totalCents: number }>().totalCents);
    });
  },
});

const run = scenario({
  profile: spike,
  // Two visits a second at the base (about 6 requests/s), ten at the peak: the demo shop bends at the peak.
  defaults: { RATE: '2' },
  // RATE counts visits: 80 % browse, 20 % buy, in every phase of the spike.
  mix: [
    [browser, 0.8],
    [buyer, 0.2],
  ],
  sla: {
    global: { p95: 500, failRate: 0.01 },
    // Logging in may take 300 ms at most for 95 % of users; a checkout 800 ms.
    steps: { login: { p95: 300 }, checkout: { p95: 800 } },
    // Buyers' pages are held to a tighter budget than the whole mix.
    journeys: { buy: { p95: 400 } },
    // Cart and checkout together, end to end.
    flows: { purchase: { p95: 1500 } },
    // A journey that silently stopped buying must not pass.
    thresholds: { orders: ['count>0'] },
  },
});

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
