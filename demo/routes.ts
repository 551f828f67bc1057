// The demo's business endpoints as pure handlers: the server adds capacity,
// latency and faults around them, so these only decide what a healthy
// service would answer.
import type { RouteName } from './knobs';

export interface Reply {
  status: number;
  body: unknown;
}

export interface Request {
  params: string[];
  query: URLSearchParams;
  body: string;
}

export interface Route {
  name: RouteName;
  method: string;
  pattern: RegExp;
  /** Service time as a multiple of the base latencyMs (before any route override). */
  latencyFactor: number;
  /** Whether the server must read the request body before handling. */
  readsBody: boolean;
  handle(req: Request): Reply;
}

const ITEM_COUNT = 1000;
const WORDS = ['hull', 'keel', 'mast', 'sail', 'rudder', 'anchor', 'bow', 'stern'];

function item(id: number) {
  return { id, name: `${WORDS[id % WORDS.length]}-${id}`, priceCents: 100 + ((id * 7919) % 9900) };
}

const ITEMS = Array.from({ length: ITEM_COUNT }, (_, i) => item(i + 1));

/** Route table; each call gets its own order-id sequence. */
export function createRoutes(): Route[] {
  let lastOrderId = 0;
  return [
    {
      name: 'health',
      method: 'GET',
      pattern: /^\/health$/,
      latencyFactor: 1 / 5,
      readsBody: false,
      handle: () => ({ status: 200, body: { status: 'ok' } }),
    },
    {
      name: 'items-list',
      method: 'GET',
      pattern: /^\/api\/items$/,
      latencyFactor: 1,
      readsBody: false,
      handle: () => ({ status: 200, body: ITEMS.slice(0, 20) }),
    },
    {
      name: 'item-get',
      method: 'GET',
      pattern: /^\/api\/items\/([^/]+)$/,
      latencyFactor: 1,
      readsBody: false,
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
      handle: ({ body }) => {
        let order: unknown;
        try {
          order = JSON.parse(body);
        } catch {
          return { status: 400, body: { error: 'body is not valid JSON' } };
        }
        if (typeof order !== 'object' || order === null || Array.isArray(order)) {
          return { status: 400, body: { error: 'body must be a JSON object' } };
        }
        return { status: 201, body: { id: ++lastOrderId } };
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
