// The default journey: one weighted request per iteration against TARGET, tagged with the endpoint name.
import http from 'k6/http';
import { check } from 'k6';
import { fillPath, weightedPicker, type Endpoint } from './endpoints';

export interface JourneyContext {
  target: string;
  endpoints: Endpoint[];
  /** Headers for every request (Authorization when a token is configured). */
  headers: Record<string, string>;
  /** Request timeout, a k6 duration string. */
  timeout: string;
}

export type Journey = (ctx: JourneyContext) => () => void;

export const endpointJourney: Journey = ({ target, endpoints, headers, timeout }) => {
  // Everything per endpoint that does not change is built once here, at init, not per iteration.
  const prepared = endpoints.map((e) => ({
    weight: e.weight,
    method: e.method,
    path: e.path,
    // Without an {id} the URL never changes: built once, not per request.
    url: e.path.includes('{id}') ? undefined : target + e.path,
    body: e.body === undefined ? null : JSON.stringify(e.body),
    params: {
      tags: { name: e.name },
      headers: e.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      timeout,
      responseCallback: http.expectedStatuses(e.expect),
    },
    checks: { [`${e.name} is ${e.expect}`]: (r: { status: number }) => r.status === e.expect },
  }));
  const pick = weightedPicker(prepared);
  return () => {
    const e = pick(Math.random());
    const res = http.request(e.method, e.url ?? target + fillPath(e.path, Math.random()), e.body, e.params);
    check(res, e.checks);
  };
};
