// The session a journey holds (in the spirit of k6-jslib-httpx): requests bound to TARGET, the auth header
// and the timeout, each one a named step. The step name tags every sample (`name`, never the raw URL), and
// the step's expected status decides both k6's http_req_failed and a check. Every VU makes one session at
// init; what a step needs (params, check) is built on its first request and reused, so an iteration only
// looks it up.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { check } from 'k6';
import type { Trend } from 'k6/metrics';

/** Expected statuses: one, a list, or a range. Default: any 2xx or 3xx. */
export type Expect = number | readonly number[] | { min: number; max: number };

export interface StepOptions {
  /** Statuses that count as success (http_req_failed, and the step's check). */
  expect?: Expect;
  /** Extra headers for this request only. */
  headers?: Record<string, string>;
  /** Body checks, named; each shows as `<step> <name>` among k6's checks. */
  checks?: Record<string, (res: StepResponse) => boolean>;
}

/** k6's response, with `json<T>()` typed for correlation: `res.json<{ token: string }>().token`. */
export type StepResponse = Omit<RefinedResponse<ResponseType | undefined>, 'json'> & { json<T = unknown>(selector?: string): T };

/** A request body: an object is sent as JSON, a string as it is. */
export type Body = object | string | null | undefined;

const DEFAULT_EXPECT: Expect = { min: 200, max: 399 };

interface Prepared {
  params: { headers: Record<string, string>; tags: { name: string }; timeout: string; responseCallback: ReturnType<typeof http.expectedStatuses> };
  jsonParams: Prepared['params'];
  checks: Record<string, (res: StepResponse) => boolean>;
}

const describe = (e: Expect) => (typeof e === 'number' ? String(e) : Array.isArray(e) ? e.join('|') : e === DEFAULT_EXPECT ? '2xx/3xx' : `${(e as { min: number }).min}-${(e as { max: number }).max}`);

function statusTest(e: Expect): (status: number) => boolean {
  if (typeof e === 'number') return (s) => s === e;
  if (Array.isArray(e)) return (s) => e.includes(s);
  const { min, max } = e as { min: number; max: number };
  return (s) => s >= min && s <= max;
}

const callback = (e: Expect) => (typeof e === 'number' ? http.expectedStatuses(e) : Array.isArray(e) ? http.expectedStatuses(...e) : http.expectedStatuses(e as { min: number; max: number }));

export class Session<S extends string = string, F extends string = string> {
  private readonly headers: Record<string, string>;
  private readonly jsonHeaders: Record<string, string>;
  private readonly prepared = new Map<string, Prepared>();
  private readonly flowTags = new Map<string, { flow: string }>();
  constructor(
    private readonly target: string,
    headers: Record<string, string>,
    private readonly timeout: string,
    /** flow_duration, made in the init context (k6 makes metrics only there) when a journey declares flows. */
    private readonly flowTrend?: Trend,
  ) {
    // Every prepared step shares these two objects: a header set later (auth) reaches every step.
    this.headers = { ...headers };
    this.jsonHeaders = { ...headers, 'Content-Type': 'application/json' };
  }

  /** Send `Authorization: Bearer <token>` on every later request of this session (this VU). */
  auth(token: string): this {
    return this.header('Authorization', `Bearer ${token}`);
  }

  /** Set (or, with undefined, remove) a header on every later request of this session. */
  header(name: string, value: string | undefined): this {
    for (const h of [this.headers, this.jsonHeaders]) {
      if (value === undefined) delete h[name];
      else h[name] = value;
    }
    return this;
  }

  get(step: S, path: string, opts?: StepOptions): StepResponse {
    return this.request('GET', step, path, null, opts);
  }

  post(step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    return this.request('POST', step, path, body, opts);
  }

  put(step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    return this.request('PUT', step, path, body, opts);
  }

  patch(step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    return this.request('PATCH', step, path, body, opts);
  }

  delete(step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    return this.request('DELETE', step, path, body, opts);
  }

  /** One step: `path` is appended to TARGET; the response is checked against the step's expected statuses. */
  request(method: string, step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    const p = this.prepare(step, opts);
    const json = body !== null && body !== undefined && typeof body !== 'string';
    const res = http.request(method, this.target + path, json ? JSON.stringify(body) : (body ?? null), json ? p.jsonParams : p.params) as unknown as StepResponse;
    check(res, p.checks);
    return res;
  }

  /** A transaction: the steps inside timed as a whole into flow_duration{flow:<name>}; returns what `fn` returns. */
  flow<T>(name: F, fn: () => T): T {
    let tags = this.flowTags.get(name);
    if (!tags) this.flowTags.set(name, (tags = { flow: name }));
    const start = Date.now();
    const result = fn();
    // A flow that threw did not complete: k6 reports the exception, and no duration is recorded for it.
    this.flowTrend!.add(Date.now() - start, tags);
    return result;
  }

  // Options with only `expect` (the common case, often an inline literal) are cached by value; headers or
  // checks make a request of its own kind, built for that call.
  private prepare(step: string, opts: StepOptions | undefined): Prepared {
    const custom = opts !== undefined && (opts.headers !== undefined || opts.checks !== undefined);
    const expect = opts?.expect ?? DEFAULT_EXPECT;
    const key = expect === DEFAULT_EXPECT ? step : `${step} ${describe(expect)}`;
    if (!custom) {
      const cached = this.prepared.get(key);
      if (cached) return cached;
    }
    const tags = { name: step };
    const responseCallback = callback(expect);
    const withHeaders = (h: Record<string, string>) => (opts?.headers ? { ...h, ...opts.headers } : h);
    const ok = statusTest(expect);
    const checks: Prepared['checks'] = { [`${step} is ${describe(expect)}`]: (r) => ok(r.status) };
    for (const [name, fn] of Object.entries(opts?.checks ?? {})) checks[`${step} ${name}`] = fn;
    const p: Prepared = {
      params: { headers: withHeaders(this.headers), tags, timeout: this.timeout, responseCallback },
      jsonParams: { headers: withHeaders(this.jsonHeaders), tags, timeout: this.timeout, responseCallback },
      checks,
    };
    if (!custom) this.prepared.set(key, p);
    return p;
  }
}
