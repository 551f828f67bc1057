// The endpoint list as VUs receive it, made once on the control side (the list is validated there too,
// endpoint-list.ts): the endpoint journey's per-iteration work is a lookup, not a computation.
import type { Endpoint } from './endpoint-list';

export type { Endpoint };

/**
 * An endpoint as a VU receives it, worked out once in VU 0: `upTo`, where its share of the weights ends
 * (the endpoint journey picks the first whose `upTo` exceeds a uniform draw), `ids` when its path holds
 * "{id}" placeholders, `get` when it is a GET without a body (k6's http.get), and its step options only
 * when it has an `expect`.
 */
export type RunEndpoint = Omit<Endpoint, 'expect'> & {
  upTo: number;
  ids?: true;
  get?: true;
  opts?: { expect: NonNullable<Endpoint['expect']> };
};

/** The list as VUs receive it (RunEndpoint): what each iteration would otherwise work out again, done once. */
export const runEndpoints = (list: readonly Endpoint[]): RunEndpoint[] => {
  let total = 0;
  for (const e of list) total += e.weight;
  let acc = 0;
  return list.map(({ name, method, path, weight, body, expect }) => ({
    name,
    method,
    path,
    weight,
    upTo: (acc += weight) / total,
    ...(body === undefined ? {} : { body }),
    ...(path.includes('{id}') ? { ids: true as const } : {}),
    ...(method === 'GET' && body === undefined ? { get: true as const } : {}),
    ...(expect === undefined ? {} : { opts: { expect } }),
  }));
};

/** With no endpoint list the journey GETs TARGET itself. */
export const TARGET_ONLY: Endpoint[] = [{ name: 'target', method: 'GET', path: '', weight: 1 }];
