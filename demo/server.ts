// The embedded demo target: a loopback HTTP service with turnable faults, so
// a load test has something real to push against and a verdict to reach.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { setMaxListeners } from 'node:events';
import { DEFAULT_KNOBS, KnobError, parseKnobs, ROUTE_NAMES, type Knobs } from './knobs';
import { createRoutes, matchRoute, type Route } from './routes';
import { Semaphore } from './semaphore';
import { loadUsers, Sessions } from './shop';
import { describeCapacity } from './capacity';

export type { Knobs } from './knobs';

export interface DemoStats {
  total: number;
  byRoute: Record<string, number>;
  /** Requests holding a capacity slot right now. */
  inFlight: number;
  /** High-water mark of inFlight since start or the last reset. */
  maxInFlight: number;
  /** Requests waiting for a capacity slot right now. */
  queued: number;
  /** Requests answered 401 for a missing or wrong bearer token (authToken, or a token from /login). */
  unauthorized: number;
  /**
   * Logins refused for a wrong username or password (also 401, but not counted as unauthorized):
   * they point at the test data, not at a step that lost its token.
   */
  loginFailed: number;
  /** Successful logins per user: whether a load test's users were each used once. */
  logins: Record<string, number>;
}

export interface DemoTarget {
  url: string;
  port: number;
  knobs(): Knobs;
  set(partial: Partial<Knobs>): void;
  stats(): DemoStats;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface DemoOptions {
  port?: number;
  /** Called once listening, with one line on what the knobs let the demo serve (see demo/capacity.ts). */
  announce?: (line: string) => void;
}

export async function startDemo(knobs?: Partial<Knobs>, opts?: DemoOptions): Promise<DemoTarget> {
  let current = parseKnobs(knobs ?? {}, DEFAULT_KNOBS);
  const sessions = new Sessions();
  const routes = createRoutes(await loadUsers(), sessions);
  const slots = new Semaphore(current.capacity);
  // Aborted by close() so requests sleeping out their service time stop at once.
  const shutdown = new AbortController();
  // Every request sleeping out its service time listens on it; under load that is thousands.
  setMaxListeners(0, shutdown.signal);

  const zeroCounts = () => Object.fromEntries([...ROUTE_NAMES, 'unknown'].map((name) => [name, 0]));
  let total = 0;
  let byRoute: Record<string, number> = zeroCounts();
  let maxInFlight = 0;
  let unauthorized = 0;
  let loginFailed = 0;
  const logins = new Map<string, number>();

  const count = (name: string) => {
    total++;
    byRoute[name] = (byRoute[name] ?? 0) + 1;
  };

  const set = (partial: unknown) => {
    current = parseKnobs(partial, current);
    slots.setLimit(current.capacity);
  };

  const stats = (): DemoStats => ({
    total,
    byRoute: { ...byRoute },
    inFlight: slots.active,
    maxInFlight,
    queued: slots.waiting,
    unauthorized,
    loginFailed,
    logins: Object.fromEntries(logins),
  });

  const resetStats = () => {
    total = 0;
    byRoute = zeroCounts();
    maxInFlight = slots.active;
    unauthorized = 0;
    loginFailed = 0;
    logins.clear();
  };

  async function serve(req: IncomingMessage, res: ServerResponse, route: Route, params: string[], url: URL) {
    count(route.name);
    const token = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token === undefined ? undefined : sessions.userOf(token);
    // A token from /login passes the authToken gate too (see Knobs.authToken).
    const gated = current.authToken !== undefined && token !== current.authToken && user === undefined;
    const needsLogin = route.forUser || (current.requireLogin && url.pathname.startsWith('/api/'));
    if (gated || (needsLogin && user === undefined)) {
      unauthorized++;
      const error = gated ? 'missing or wrong bearer token' : 'log in first: missing or unknown bearer token';
      send(res, 401, { error });
      return;
    }
    const body = route.readsBody ? await readBody(req) : '';
    await slots.acquire();
    try {
      maxInFlight = Math.max(maxInFlight, slots.active);
      // Knobs are read once the slot is held, so changes reach queued requests too.
      const knobs = current;
      const override = knobs.routes?.[route.name];
      const base = override?.latencyMs ?? knobs.latencyMs * route.latencyFactor;
      const serviceMs = Math.max(0, base + (Math.random() * 2 - 1) * knobs.jitterMs);
      await sleep(serviceMs, undefined, { signal: shutdown.signal });

      if (Math.random() < knobs.resetRate) {
        req.socket.destroy();
        return;
      }
      if (Math.random() < (override?.errorRate ?? knobs.errorRate)) {
        send(res, 500, { error: 'injected fault' });
        return;
      }
      const reply = route.handle({ params, query: url.searchParams, body, user });
      if (route.name === 'login' && reply.status === 401) loginFailed++;
      if (route.name === 'login' && reply.status === 200) {
        const username = (JSON.parse(body) as { username: string }).username;
        logins.set(username, (logins.get(username) ?? 0) + 1);
      }
      send(res, reply.status, reply.body);
    } finally {
      slots.release();
    }
  }

  // Control plane: answered immediately, outside capacity, latency and stats.
  async function control(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const key = `${req.method} ${pathname}`;
    if (key === 'GET /__demo/knobs') return send(res, 200, current);
    if (key === 'POST /__demo/knobs') {
      const text = await readBody(req);
      let partial: unknown;
      try {
        partial = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'body is not valid JSON');
      }
      set(partial);
      return send(res, 200, current);
    }
    if (key === 'GET /__demo/stats') return send(res, 200, stats());
    if (key === 'POST /__demo/stats/reset') {
      resetStats();
      return send(res, 200, stats());
    }
    send(res, 404, { error: `no control endpoint ${key}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://demo');
    if (url.pathname.startsWith('/__demo/')) return control(req, res, url.pathname);
    const found = matchRoute(routes, req.method ?? '', url.pathname);
    if (found) return serve(req, res, found.route, found.params, url);
    count('unknown');
    send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (shutdown.signal.aborted || res.headersSent) return;
      if (err instanceof HttpError || err instanceof KnobError) {
        send(res, err instanceof HttpError ? err.status : 400, { error: err.message });
      } else {
        send(res, 500, { error: String(err) });
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: opts?.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('demo: server has no TCP address');
  const port = address.port;
  opts?.announce?.(describeCapacity(current));

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    knobs: () => structuredClone(current),
    set,
    stats,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        shutdown.abort();
        slots.drop();
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive and mid-request sockets would otherwise hold close() open.
        server.closeAllConnections();
      })),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
