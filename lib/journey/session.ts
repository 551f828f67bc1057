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

type Checks = Record<string, (res: StepResponse) => boolean>;
/** What check() gets: k6 calls what is callable and takes the rest as it is, though its types say functions. */
type Outcome = Record<string, boolean | Checks[string]>;

/** What k6 reads of a request's params: only the keys a step needs (k6 reads every key given, on every request). */
interface Params {
  headers?: Record<string, string>;
  tags: { name: string };
  timeout?: string;
  responseCallback?: ReturnType<typeof http.expectedStatuses>;
}

/**
 * What a step sends and checks, made on its first request with an expectation and reused after. Every
 * object a VU keeps costs about half a KB in every VU (measured: bench/README.md), so a Step holds only
 * what it needs: no bounds for the default expectation, no JSON params before a JSON body, no failed
 * outcome before a failure.
 */
interface Step {
  /** The expectation it was made for, compared by identity: a list or range written inline is a new object on each call, and finds its Step by text. */
  expect?: Expect;
  params: Params;
  /** The same params with the JSON content type, made on the step's first JSON body. */
  json?: Params;
  /** Expected statuses: min to max, or those listed; neither for the default (200–399). */
  min?: number;
  max?: number;
  list?: readonly number[];
  /** The check's name, `<step> is <expectation>`. */
  is: string;
  /**
   * What check() gets when the status is expected, and (made on the first unexpected one) when it is not:
   * the step's check as a value, not a function — k6 then calls no JS inside check(), which keeps every
   * iteration's JS stack shallower (k6 makes that stack anew on each iteration, and a deeper one allocates
   * more; measured) — and the request's own body checks (opts.checks, named `<step> <name>`), which k6 calls.
   */
  pass: Outcome;
  fail?: Outcome;
}

/** k6's callback for an expectation other than the default (http_req_failed), made once per VU. */
type Expectation = ReturnType<typeof http.expectedStatuses>;

/** Keyed by step: made as `{ __proto__: null }`, so a step named "constructor" or "toString" finds nothing inherited. */
type Table<T> = Record<string, T>;

// The request path runs on every request, so it is short and shallow: k6 gives each iteration a new JS
// stack, grown by doubling, and a deeper one allocates more on every iteration (measured: bench/README.md).
// k6's own verb (http.get) costs less than http.request with a method; a step's params are found by its
// name alone. Every VU holds this class, and each function object costs about 0.7 KB in each of them
// (measured), so what is rare — making a Step, the JSON params — lives in one method, step().
// Fields are set when first needed, not declared: each is a property of every session.
export class Session<S extends string = string, F extends string = string> {
  /** Sent with every request and shared by them all, so a header set later (auth) reaches every step; none until there is one. */
  declare private headers?: Record<string, string>;
  /** The same with the JSON content type, made on the first JSON body. */
  declare private jsonHeaders?: Record<string, string>;
  /** Per step, the Step of its requests without options. */
  declare private steps: Table<Step>;
  /** Per step, the Step its last request with options used; made on the first request with options. */
  declare private expecting?: Table<Step>;
  /** Per step and expectation text ("checkout 201"), every Step made for an expectation: a step requested with several finds each again. */
  declare private made?: Table<Step>;
  /** k6's callbacks for expectations other than the default, by their text: one per expectation, whatever the step. */
  declare private expectations?: Table<Expectation>;
  /** TIMEOUT, when not k6's own default (60 s): a param k6 reads costs on every request. */
  declare private timeout?: string;
  /** flow_duration, made in the init context (k6 makes metrics only there) when a journey declares flows. */
  declare private flowTrend?: Trend;
  declare private flowTags?: Table<{ flow: string }>;
  declare private readonly target: string;
  constructor(
    target: string,
    /** The run's headers (AUTH_TOKEN), or undefined when there are none. */
    headers: Record<string, string> | undefined,
    timeout: string | undefined,
    flowTrend?: Trend,
  ) {
    this.target = target;
    this.steps = { __proto__: null } as unknown as Table<Step>;
    if (headers) this.headers = { ...headers };
    if (timeout !== undefined) this.timeout = timeout;
    if (flowTrend !== undefined) this.flowTrend = flowTrend;
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
      this.steps = { __proto__: null } as unknown as Table<Step>;
      this.expecting = this.made = undefined;
    }
    h[name] = value;
    if (j) j[name] = value;
    return this;
  }

  get(step: S, path: string, opts?: StepOptions): StepResponse {
    const s = (opts === undefined && this.steps[step]) || this.step(step, opts, false);
    const res = http.get(this.target + path, s.params) as unknown as StepResponse;
    const status = res.status;
    // The step's expectation, tested here rather than in a function: one frame fewer on the JS stack (see Step).
    check(res, ((s.min === undefined ? (s.list === undefined ? status >= 200 && status <= 399 : s.list.includes(status)) : status >= s.min && status <= s.max!) ? s.pass : (s.fail ??= { ...s.pass, [s.is]: false })) as Checks);
    return res;
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

  /** One step of any method: `path` is appended to TARGET; the response is checked against the step's expected statuses. */
  request(method: string, step: S, path: string, body?: Body, opts?: StepOptions): StepResponse {
    if (method === 'GET' && (body === null || body === undefined)) return this.get(step, path, opts);
    const json = body !== null && typeof body === 'object';
    const s = this.step(step, opts, json);
    const res = http.request(method, this.target + path, json ? JSON.stringify(body) : (body ?? null), json ? s.json! : s.params) as unknown as StepResponse;
    const status = res.status;
    check(res, ((s.min === undefined ? (s.list === undefined ? status >= 200 && status <= 399 : s.list.includes(status)) : status >= s.min && status <= s.max!) ? s.pass : (s.fail ??= { ...s.pass, [s.is]: false })) as Checks);
    return res;
  }

  /**
   * The step's params and checks for these options: those its last request with the same options used (the
   * common case: none, or the same `expect`), else found by the expectation's text, else made; with `json`,
   * its JSON params too. Options with headers or checks (often closures written inline) make a Step for
   * that call alone.
   */
  private step(step: S, opts: StepOptions | undefined, json: boolean): Step {
    const e = opts?.expect;
    const custom = opts !== undefined && (opts.headers !== undefined || opts.checks !== undefined);
    let s = custom ? undefined : e === undefined ? this.steps[step] : this.expecting?.[step];
    if (s === undefined || s.expect !== e) {
      // An expectation as the check names it ("201", "200|204", "200-299"), without String() or a string
      // method (either would make k6 build String in every VU).
      const text = e === undefined ? undefined : typeof e === 'number' ? '' + e : Array.isArray(e) ? e.join('|') : (e as { min: number }).min + '-' + (e as { max: number }).max;
      const key = step + ' ' + text;
      s = e === undefined || custom ? undefined : this.made?.[key];
      if (s === undefined) {
        const is = step + ' is ' + (text ?? '2xx/3xx');
        const params: Params = { tags: { name: step } };
        s = { params, is, pass: { [is]: true } };
        if (this.timeout !== undefined) params.timeout = this.timeout;
        if (opts?.headers) params.headers = { ...this.headers, ...opts.headers };
        else if (this.headers) params.headers = this.headers;
        // Without a callback k6 counts 200–399 as expected: exactly the default expectation (a journey that
        // changes k6's default with http.setResponseCallback changes it for its default steps too).
        if (e !== undefined) {
          const known = (this.expectations ??= { __proto__: null } as unknown as Table<Expectation>);
          params.responseCallback = known[text!] ??= typeof e === 'number' ? http.expectedStatuses(e) : Array.isArray(e) ? http.expectedStatuses(...e) : http.expectedStatuses({ min: (e as { min: number }).min, max: (e as { max: number }).max });
          s.expect = e;
          if (typeof e === 'number') s.min = s.max = e;
          else if (Array.isArray(e)) s.list = e;
          else ({ min: s.min, max: s.max } = e as { min: number; max: number });
          if (!custom) (this.made ??= { __proto__: null } as unknown as Table<Step>)[key] = s;
        }
        // Object.keys and an index, not for…in (it walks Object.prototype, which k6 would then build in full)
        // nor for…of (an array iterator, one more built-in).
        const own = opts?.checks;
        if (own) for (let i = 0, names = Object.keys(own); i < names.length; i++) s.pass[step + ' ' + names[i]] = own[names[i]!]!;
      }
      if (!custom) (e === undefined ? this.steps : (this.expecting ??= { __proto__: null } as unknown as Table<Step>))[step] = s;
    }
    if (json && s.json === undefined) {
      const h = (this.jsonHeaders ??= { ...this.headers, 'Content-Type': 'application/json' });
      s.json = { ...s.params, headers: opts?.headers ? { ...h, ...opts.headers } : h };
    }
    return s;
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
