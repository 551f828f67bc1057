// The session a journey holds (in the spirit of k6-jslib-httpx): requests bound to TARGET, the auth header
// and the timeout, each one a named step. The step name tags every sample (`name`, never the raw URL), and
// the step's expected status decides both k6's http_req_failed and a check. Every VU makes one session per
// journey it runs; what a step needs (params, checks) is made on its first request and reused.
//
// Every VU evaluates this module and runs it on every request, so it stays away from what k6's JS engine
// builds per VU on first use (Map, Object.entries, RegExp, String, array iterators), and hands k6 only the
// request params it must read: no responseCallback for k6's own default (2xx/3xx), no headers while there
// are none.
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

/** What k6 reads of a request's params: only the keys a step needs (k6 reads every key given, on every request). */
interface Params {
  headers?: Record<string, string>;
  tags: { name: string };
  timeout: string;
  responseCallback?: ReturnType<typeof http.expectedStatuses>;
}

/** A step's expectation other than the default: k6's callback (http_req_failed) and the check, made once per VU. */
interface Expectation {
  callback: ReturnType<typeof http.expectedStatuses>;
  ok: (res: StepResponse) => boolean;
}

/** The default step check (k6's own default expectation, 200–399), shared by every step of every session. */
const is2xx3xx = (r: StepResponse) => r.status >= 200 && r.status <= 399;

/** Keyed by step: made as `{ __proto__: null }`, so a step named "constructor" or "toString" finds nothing inherited. */
type Table<T> = Record<string, T>;

export class Session<S extends string = string, F extends string = string> {
  /** Sent with every request and shared by them all, so a header set later (auth) reaches every step; none until there is one. */
  private headers: Record<string, string> | undefined;
  /** The same with the JSON content type, made on the first JSON body. */
  private jsonHeaders: Record<string, string> | undefined;
  /**
   * Per step (and expectation other than the default), made on the step's first request: the params k6
   * reads, and the checks. Three small objects per step — each is a few hundred bytes in k6's engine, in
   * every VU — against making them again on every request (~3.5 µs of k6's CPU per request, measured).
   */
  private params = { __proto__: null } as unknown as Table<Params>;
  private checks = { __proto__: null } as unknown as Table<Record<string, (res: StepResponse) => boolean>>;
  /** The same params with the JSON headers, for JSON bodies. */
  private jsonParams: Table<Params> | undefined;
  /** Expectations other than the default, by their text: one callback and one check per expectation, whatever the step. */
  private expectations: Table<Expectation> | undefined;
  private flowTags: Table<{ flow: string }> | undefined;
  constructor(
    private readonly target: string,
    /** The run's headers (AUTH_TOKEN), or undefined when there are none. */
    headers: Record<string, string> | undefined,
    private readonly timeout: string,
    /** flow_duration, made in the init context (k6 makes metrics only there) when a journey declares flows. */
    private readonly flowTrend?: Trend,
  ) {
    if (headers) this.headers = { ...headers };
  }

  /** Send `Authorization: Bearer <token>` on every later request of this session (this VU). */
  auth(token: string): this {
    return this.header('Authorization', `Bearer ${token}`);
  }

  /** Set (or, with undefined, remove) a header on every later request of this session. */
  header(name: string, value: string | undefined): this {
    const j = this.jsonHeaders;
    if (value === undefined) {
      if (this.headers) delete this.headers[name];
      if (j) delete j[name];
      return this;
    }
    let h = this.headers;
    if (h === undefined) {
      // Steps made while there was no header send none: make them again, with the shared object.
      h = this.headers = {};
      this.params = { __proto__: null } as unknown as Table<Params>;
    }
    h[name] = value;
    if (j) j[name] = value;
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

  /**
   * One step: `path` is appended to TARGET; the response is checked against the step's expected statuses.
   * Options with only `expect` (the common case, often an inline literal) find the step's params and checks
   * by step and expectation; headers or checks make a request of its own kind, made for that call.
   */
  request(method: string, step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    const e = opts?.expect;
    const custom = opts !== undefined && (opts.headers !== undefined || opts.checks !== undefined);
    // An expectation other than the default as the check names it ("201", "200|204", "200-299"), without
    // String() or a string method (either would make k6 build String in every VU); keyed with the step.
    const text = e === undefined ? undefined : typeof e === 'number' ? e : Array.isArray(e) ? e.join('|') : (e as { min: number }).min + '-' + (e as { max: number }).max;
    const key = text === undefined ? step : step + ' ' + text;
    let params = custom ? undefined : this.params[key];
    let checks;
    if (params === undefined) {
      params = { tags: { name: step }, timeout: this.timeout };
      if (opts?.headers) params.headers = { ...this.headers, ...opts.headers };
      else if (this.headers) params.headers = this.headers;
      let ok = is2xx3xx;
      // Without a callback k6 counts 200–399 as expected: exactly the default expectation (a journey that
      // changes k6's default with http.setResponseCallback changes it for its default steps too).
      if (e !== undefined) {
        const known = (this.expectations ??= { __proto__: null } as unknown as Table<Expectation>);
        let x = known[text!];
        if (x === undefined) {
          if (typeof e === 'number') x = { callback: http.expectedStatuses(e), ok: (r) => r.status === e };
          else if (Array.isArray(e)) x = { callback: http.expectedStatuses(...e), ok: (r) => e.includes(r.status) };
          else {
            const { min, max } = e as { min: number; max: number };
            x = { callback: http.expectedStatuses({ min, max }), ok: (r) => r.status >= min && r.status <= max };
          }
          known[text!] = x;
        }
        params.responseCallback = x.callback;
        ok = x.ok;
      }
      checks = { [step + ' is ' + (text ?? '2xx/3xx')]: ok };
      // Object.keys and an index, not for…in (it walks Object.prototype, which k6 would then build in full)
      // nor for…of (an array iterator, one more built-in).
      const own = opts?.checks;
      if (own) for (let i = 0, names = Object.keys(own); i < names.length; i++) checks[step + ' ' + names[i]] = own[names[i]!]!;
      if (!custom) {
        this.params[key] = params;
        this.checks[key] = checks;
      }
    } else checks = this.checks[key]!;
    let res: StepResponse;
    if (body === null || body === undefined || typeof body === 'string') res = http.request(method, this.target + path, body ?? null, params) as unknown as StepResponse;
    else {
      let json = custom ? undefined : this.jsonParams?.[key];
      if (json === undefined) {
        const h = (this.jsonHeaders ??= { ...this.headers, 'Content-Type': 'application/json' });
        json = { ...params, headers: opts?.headers ? { ...h, ...opts.headers } : h };
        if (!custom) (this.jsonParams ??= { __proto__: null } as unknown as Table<Params>)[key] = json;
      }
      res = http.request(method, this.target + path, JSON.stringify(body), json) as unknown as StepResponse;
    }
    check(res, checks);
    return res;
  }

  /** A transaction: the steps inside timed as a whole into flow_duration{flow:<name>}; returns what `fn` returns. */
  flow<T>(name: F, fn: () => T): T {
    const tags = ((this.flowTags ??= { __proto__: null } as unknown as Table<{ flow: string }>)[name] ??= { flow: name });
    const start = Date.now();
    const result = fn();
    // A flow that threw did not complete: k6 reports the exception, and no duration is recorded for it.
    this.flowTrend!.add(Date.now() - start, tags);
    return result;
  }
}
