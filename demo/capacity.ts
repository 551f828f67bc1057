// What a demo with these knobs can serve: its capacity in requests per second for an endpoint list's mix.
// The capacity semaphore admits `capacity` requests at a time, each holding its slot for its route's
// service time, so the demo serves at most capacity × 1000 / (mean service time in ms) requests/s. Pure.
import { createRoutes, matchRoute } from './routes';
import { Sessions } from './shop';
import { readFileSync } from 'node:fs';
import type { Knobs } from './knobs';

/** What impliedCapacity reads of an endpoint (lib/journey's Endpoint fits; method defaults to GET, weight to 1). */
export interface MixEndpoint {
  name?: string;
  method?: string;
  path: string;
  weight?: number;
}

// The route table's shapes only (pattern, latency factor, whether it needs a login): no users, no sessions.
const ROUTES = createRoutes(new Map(), new Sessions());

/** Mean of max(0, base + jitter × u) for u uniform in [-1, 1]: the server clamps a negative service time to 0. */
function meanServiceMs(base: number, jitter: number): number {
  if (jitter === 0 || base >= jitter) return Math.max(0, base);
  if (base <= -jitter) return 0;
  return (base + jitter) ** 2 / (4 * jitter);
}

/** Mean time (ms) one request of the mix holds a slot. Throws for an endpoint the demo answers without a slot. */
export function meanServiceTime(knobs: Knobs, endpoints: readonly MixEndpoint[]): number {
  let weighted = 0;
  let total = 0;
  for (const e of endpoints) {
    const method = e.method ?? 'GET';
    const pathname = new URL(e.path.replace(/\{id\}/g, '1'), 'http://demo').pathname;
    const route = matchRoute(ROUTES, method, pathname)?.route;
    const label = e.name ?? `${method} ${e.path}`;
    // Unknown routes and login-gated ones are answered before the semaphore: they take no capacity.
    if (!route) throw new Error(`endpoint ${label}: ${method} ${pathname} is no route of the demo`);
    if (route.forUser || (knobs.requireLogin && pathname.startsWith('/api/'))) {
      throw new Error(`endpoint ${label}: ${method} ${pathname} needs a login, which an endpoint list does not do`);
    }
    const base = knobs.routes?.[route.name]?.latencyMs ?? knobs.latencyMs * route.latencyFactor;
    const weight = e.weight ?? 1;
    weighted += weight * meanServiceMs(base, knobs.jitterMs);
    total += weight;
  }
  if (total === 0) throw new Error('the endpoint list is empty');
  return weighted / total;
}

/**
 * Requests per second the demo can serve for this mix: capacity slots × 1000 / mean service time (ms).
 * For an endpoint list one iteration is one request, so it is also the arrival rate (RATE) it can carry.
 * Infinity when the mix costs no time at all.
 */
export function impliedCapacity(knobs: Knobs, endpoints: readonly MixEndpoint[]): number {
  const ms = meanServiceTime(knobs, endpoints);
  return ms === 0 ? Infinity : (knobs.capacity * 1000) / ms;
}

/** demo/endpoints.json: the mix a run against the demo gets unless it names its own ENDPOINTS. */
export const DEMO_ENDPOINTS: readonly MixEndpoint[] = JSON.parse(readFileSync(new URL('./endpoints.json', import.meta.url), 'utf8'));

/** One line on what these knobs let the demo serve of demo/endpoints.json's mix, for a person starting it. */
export function describeCapacity(knobs: Knobs): string {
  const rate = impliedCapacity(knobs, DEMO_ENDPOINTS);
  const ms = meanServiceTime(knobs, DEMO_ENDPOINTS);
  const served = Number.isFinite(rate) ? `about ${+rate.toFixed(1)} requests/s` : 'without limit';
  return `the demo serves ${served} of demo/endpoints.json's mix: ${knobs.capacity} at a time, ${+ms.toFixed(1)} ms each on average`;
}
