// The demo's business endpoints as pure handlers: the server adds capacity,
// latency and faults around them, so these only decide what a healthy
// service would answer.
import type { RouteName } from './knobs';
import type { Sessions } from './shop';

export interface Reply {
  status: number;
  body: unknown;
}

export interface Request {
  params: string[];
  query: URLSearchParams;
  body: string;
  /** The logged-in user, when the request carried a token from /login. */
  user: string | undefined;
}

export interface Route {
  name: RouteName;
  method: string;
  pattern: RegExp;
  /** Service time as a multiple of the base latencyMs (before any route override). */
  latencyFactor: number;
  /** Whether the server must read the request body before handling. */
  readsBody: boolean;
  /** Acts for the logged-in user: the server answers 401 before handling unless `user` is known. */
  forUser: boolean;
  handle(req: Request): Reply;
}

const ITEM_COUNT = 1000;
const WORDS = ['hull', 'keel', 'mast', 'sail', 'rudder', 'anchor', 'bow', 'stern'];

function item(id: number) {
  return { id, name: `${WORDS[id % WORDS.length]}-${id}`, priceCents: 100 + ((id * 7919) % 9900) };
}

const ITEMS = Array.from({ length: ITEM_COUNT }, (_, i) => item(i + 1));
const MAX_QUANTITY = 99;

const badRequest = (error: string): Reply => ({ status: 400, body: { error } });
const isInteger = (v: unknown): v is number => Number.isInteger(v);

/** The body as a JSON object, or why it is not one. */
function parseObject(body: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'body is not valid JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : 'body must be a JSON object';
}

function cartView(cart: ReadonlyMap<number, number> = new Map()) {
  const items = [...cart].map(([id, quantity]) => ({ ...ITEMS[id - 1]!, quantity }));
  return { items, totalCents: items.reduce((sum, line) => sum + line.priceCents * line.quantity, 0) };
}

/** Route table; each call gets its own carts and order-id sequence (checkout and order-create share it). */
export function createRoutes(users: ReadonlyMap<string, string>, sessions: Sessions): Route[] {
  let lastOrderId = 0;
  // A cart belongs to the user, not the token, as in a real shop: VUs logged in
  // as the same user share it. The fixed user list times the catalogue bounds it.
  const carts = new Map<string, Map<number, number>>();
  return [
    {
      name: 'health',
      method: 'GET',
      pattern: /^\/health$/,
      latencyFactor: 1 / 5,
      readsBody: false,
      forUser: false,
      handle: () => ({ status: 200, body: { status: 'ok' } }),
    },
    {
      name: 'items-list',
      method: 'GET',
      pattern: /^\/api\/items$/,
      latencyFactor: 1,
      readsBody: false,
      forUser: false,
      handle: () => ({ status: 200, body: ITEMS.slice(0, 20) }),
    },
    {
      name: 'item-get',
      method: 'GET',
      pattern: /^\/api\/items\/([^/]+)$/,
      latencyFactor: 1,
      readsBody: false,
      forUser: false,
      handle: ({ params }) => {
        const id = /^\d+$/.test(params[0]!) ? Number(params[0]) : NaN;
        const found = ITEMS[id - 1];
        return found ? { status: 200, body: found } : { status: 404, body: { error: `no item ${params[0]}` } };
      },
    },
    {
      name: 'search',
      method: 'GET',
      pattern: /^\/api\/search$/,
      latencyFactor: 3,
      readsBody: false,
      forUser: false,
      handle: ({ query }) => {
        const q = query.get('q')?.trim().toLowerCase();
        if (!q) return { status: 400, body: { error: 'missing query parameter q' } };
        const matches = ITEMS.filter((it) => it.name.includes(q));
        return { status: 200, body: { q, total: matches.length, results: matches.slice(0, 10) } };
      },
    },
    {
      name: 'order-create',
      method: 'POST',
      pattern: /^\/api\/orders$/,
      latencyFactor: 1,
      readsBody: true,
      forUser: false,
      handle: ({ body }) => {
        const order = parseObject(body);
        if (typeof order === 'string') return badRequest(order);
        return { status: 201, body: { id: ++lastOrderId } };
      },
    },
    {
      name: 'login',
      method: 'POST',
      pattern: /^\/login$/,
      // Checking a password is deliberately slow in real services.
      latencyFactor: 2,
      readsBody: true,
      forUser: false,
      handle: ({ body }) => {
        const login = parseObject(body);
        if (typeof login === 'string') return badRequest(login);
        const { username, password } = login;
        if (typeof username !== 'string' || typeof password !== 'string') {
          return badRequest('expected {"username": "...", "password": "..."}');
        }
        if (users.get(username) !== password) return { status: 401, body: { error: 'wrong username or password' } };
        return { status: 200, body: { token: sessions.open(username) } };
      },
    },
    {
      name: 'me',
      method: 'GET',
      pattern: /^\/api\/me$/,
      latencyFactor: 1,
      readsBody: false,
      forUser: true,
      handle: ({ user }) => ({ status: 200, body: { username: user } }),
    },
    {
      name: 'cart-add',
      method: 'POST',
      pattern: /^\/api\/cart$/,
      latencyFactor: 1,
      readsBody: true,
      forUser: true,
      handle: ({ body, user }) => {
        const line = parseObject(body);
        if (typeof line === 'string') return badRequest(line);
        const { itemId, quantity } = line;
        if (!isInteger(itemId) || !isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
          return badRequest(`expected {"itemId": <integer>, "quantity": <1 to ${MAX_QUANTITY}>}`);
        }
        if (!ITEMS[itemId - 1]) return { status: 404, body: { error: `no item ${itemId}` } };
        const cart = carts.get(user!) ?? new Map<number, number>();
        cart.set(itemId, (cart.get(itemId) ?? 0) + quantity);
        carts.set(user!, cart);
        return { status: 201, body: cartView(cart) };
      },
    },
    {
      name: 'cart-get',
      method: 'GET',
      pattern: /^\/api\/cart$/,
      latencyFactor: 1,
      readsBody: false,
      forUser: true,
      handle: ({ user }) => ({ status: 200, body: cartView(carts.get(user!)) }),
    },
    {
      name: 'checkout',
      method: 'POST',
      pattern: /^\/api\/checkout$/,
      // Payment and stock: the slowest step of the journey.
      latencyFactor: 3,
      readsBody: false,
      forUser: true,
      handle: ({ user }) => {
        const cart = carts.get(user!);
        if (!cart) return { status: 409, body: { error: 'cart is empty' } };
        carts.delete(user!);
        return { status: 201, body: { orderId: ++lastOrderId, totalCents: cartView(cart).totalCents } };
      },
    },
  ];
}

export function matchRoute(routes: Route[], method: string, pathname: string) {
  for (const route of routes) {
    const m = route.method === method ? route.pattern.exec(pathname) : null;
    if (m) return { route, params: m.slice(1) };
  }
  return undefined;
}
