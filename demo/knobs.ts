// Fault knobs of the demo target: what the load test can turn to make the
// service slow, flaky or saturated, at start-up or while a test is running.
import { z } from 'zod/mini';

/** The catalogue and its health check: public unless requireLogin is on; demo/endpoints.json drives exactly these. */
export const CATALOG_ROUTE_NAMES = ['health', 'items-list', 'item-get', 'search', 'order-create'] as const;
/** The shop's login flow: login hands out tokens, the others act for the logged-in user. */
export const SHOP_ROUTE_NAMES = ['login', 'me', 'cart-add', 'cart-get', 'checkout'] as const;
export const ROUTE_NAMES = [...CATALOG_ROUTE_NAMES, ...SHOP_ROUTE_NAMES] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

// Each rule carries its own message so every failure reads the same way,
// whether it comes from the CLI, the control plane or startDemo().
const rule = (expected: string) => ({ error: expected });
const MS = 'expected a number of milliseconds >= 0';
const RATE = 'expected a number from 0 to 1';
const COUNT = 'expected a positive integer';

const ms = z.number(rule(MS)).check(z.minimum(0, rule(MS)));
const rate = z.number(rule(RATE)).check(z.minimum(0, rule(RATE)), z.maximum(1, rule(RATE)));

const routeOverride = z.strictObject(
  { latencyMs: z.optional(ms), errorRate: z.optional(rate) },
  rule('expected an object like {"latencyMs": 20, "errorRate": 0.1}'),
);

export const KnobsSchema = z.strictObject({
  latencyMs: ms,
  jitterMs: ms,
  errorRate: rate,
  capacity: z.int(rule(COUNT)).check(z.positive(rule(COUNT))),
  resetRate: rate,
  /**
   * When set, requests without `Authorization: Bearer <authToken>` get 401: proves a token reached the target.
   * A token from /login passes too, since one header cannot carry both and the shop's routes need theirs.
   */
  authToken: z.optional(z.string(rule('expected a string'))),
  /** When true, every /api/* route needs a token from /login, not only the shop's own. */
  requireLogin: z.boolean(rule('expected true or false')),
  routes: z.optional(
    z.partialRecord(z.enum(ROUTE_NAMES), routeOverride, rule('expected an object keyed by route name')),
  ),
});

export type Knobs = z.infer<typeof KnobsSchema>;

export const DEFAULT_KNOBS: Knobs = {
  latencyMs: 5,
  jitterMs: 2,
  errorRate: 0,
  capacity: 64,
  resetRate: 0,
  requireLogin: false,
};

/**
 * The demo a run without TARGET gets (run/runner.ts): slow and small enough that the spike's surge
 * overloads it. 4 workers and a 100 ms base service time, over demo/endpoints.json's mix (mean service
 * time 1.12 × 100 ms), serve about 35.7 requests/s (impliedCapacity in demo/capacity.ts): between the
 * spike's base rate (RATE 10/s) and its peak (RATE × PEAK = 50/s), so the warm-up is healthy, a queue
 * builds at the peak and drains in the recovery. DEFAULT_KNOBS stay fast and roomy for everything else.
 */
export const RUNNER_KNOBS: Knobs = {
  ...DEFAULT_KNOBS,
  latencyMs: 100,
  jitterMs: 10,
  capacity: 4,
};

/** A rejected knob; `knob` is the dotted path (e.g. `routes.search.latencyMs`). */
export class KnobError extends Error {
  constructor(
    readonly knob: string,
    readonly value: unknown,
    readonly expected: string,
    message = `knob ${knob} = ${show(value)} is not valid: ${expected}`,
  ) {
    super(message);
    this.name = 'KnobError';
  }
}

/**
 * Overlay `partial` on `base` and validate the result. Top-level knobs replace
 * the base value; `routes` entries replace the base entry of the same route,
 * so `{"routes": {"search": {}}}` clears the search override.
 */
export function parseKnobs(partial: unknown, base: Knobs): Knobs {
  if (!isPlainObject(partial)) {
    throw new KnobError('', partial, 'expected an object', `knobs must be an object, got ${show(partial)}`);
  }
  // Explicit undefined means "not given" (Partial<Knobs> allows it).
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const merged: Record<string, unknown> = { ...base, ...given };
  if (isPlainObject(given.routes)) merged.routes = { ...base.routes, ...given.routes };

  const result = KnobsSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = [...path, issue.keys[0]!].join('.');
    const expected =
      path.join('.') === 'routes' ? `expected a route name (${ROUTE_NAMES.join(', ')})` : 'no such knob';
    throw new KnobError(key, undefined, expected, `unknown knob ${key}: ${expected}`);
  }
  throw new KnobError(path.join('.'), valueAt(merged, path), issue.message);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, key) => (isPlainObject(v) ? v[key] : undefined), root);
}

// JSON.stringify turns NaN/Infinity into null, which would hide the bad value.
function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}
