// A shopper on the demo shop, under a spike: each visit logs in, browses with think time, and buys one item.
import { scenario, journey, think } from '../lib/plimsoll';
import { spike } from '../lib/profiles/spike';

interface Item {
  id: number;
  name: string;
  priceCents: number;
}

/** The demo's test users: shopper-1 … shopper-200, password pw-<n> (demo/users.csv). */
const USERS = 200;

const shopper = journey({
  name: 'shopper',
  // Every request is one of these steps: its `name` tag, its check, its row in the report.
  steps: ['login', 'items-list', 'item-get', 'cart-add', 'checkout'],
  // Transactions: steps timed as a whole (flow_duration{flow:purchase}).
  flows: ['purchase'],
  // Metrics of our own: thresholds gate them like k6's.
  metrics: { orders: 'counter', order_value: 'trend' },
  // A visit makes five requests and thinks about three seconds: the VU pool is sized for that.
  expect: { think: '3s' },

  // Once per run, after plimsoll's reachability check: log in and read the catalogue every visit picks from.
  setup(session) {
    const { token } = session.post('login', '/login', { username: 'shopper-1', password: 'pw-1' }).json<{ token: string }>();
    session.auth(token);
    return { ids: session.get('items-list', '/api/items').json<Item[]>().map((i) => i.id) };
  },

  // One visit: a user logs in and holds the token for the rest of it (this VU's session sends it).
  iteration(session, { data, metrics }) {
    const n = 1 + (__VU % USERS); // one user per VU: two VUs never share a cart
    const login = session.post('login', '/login', { username: `shopper-${n}`, password: `pw-${n}` });
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
  journey: shopper,
  sla: {
    global: { p95: 500, failRate: 0.01 },
    // Logging in may take 300 ms at most for 95 % of users; a checkout 800 ms.
    steps: { login: { p95: 300 }, checkout: { p95: 800 } },
    // Cart and checkout together, end to end.
    flows: { purchase: { p95: 1500 } },
    // A journey that silently stopped buying must not pass.
    thresholds: { orders: ['count>0'] },
  },
});

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
