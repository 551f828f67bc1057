// What a journey needs of its endpoint list at run time: picking by weight and filling ids. Zod-free:
// every VU imports it; the list is validated once, on the control side (endpoint-list.ts).
import type { Endpoint } from './endpoint-list';

export type { Endpoint };

/**
 * An endpoint as a VU receives it, worked out once in VU 0: `ids` when its path holds "{id}" placeholders,
 * `get` when it is a GET without a body (k6's http.get), and its step options only when it has an `expect`.
 */
export type RunEndpoint = Omit<Endpoint, 'expect'> & {
  ids?: true;
  get?: true;
  opts?: { expect: NonNullable<Endpoint['expect']> };
};

export const runEndpoint = ({ name, method, path, weight, body, expect }: Endpoint): RunEndpoint => ({
  name,
  method,
  path,
  weight,
  ...(body === undefined ? {} : { body }),
  ...(path.includes('{id}') ? { ids: true as const } : {}),
  ...(method === 'GET' && body === undefined ? { get: true as const } : {}),
  ...(expect === undefined ? {} : { opts: { expect } }),
});

/** With no endpoint list the journey GETs TARGET itself. */
export const TARGET_ONLY: Endpoint[] = [{ name: 'target', method: 'GET', path: '', weight: 1 }];

/** A picker over the weights: `pick(u)` for u uniform in [0, 1). */
export const weightedPicker = <T extends { weight: number }>(items: readonly T[]): ((u: number) => T) => {
  const last = items.length - 1;
  let total = 0;
  for (let k = 0; k <= last; k++) total += items[k]!.weight;
  const bounds: number[] = [];
  let acc = 0;
  for (let k = 0; k < last; k++) bounds[k] = acc += items[k]!.weight / total;
  return (u) => {
    for (let k = 0; k < last; k++) if (u < bounds[k]!) return items[k]!;
    return items[last]!;
  };
};

/** The path with its "{id}" placeholders filled from u uniform in [0, 1) (split and join: no RegExp in VUs). */
export const fillPath = (path: string, u: number) => path.split('{id}').join('' + (1 + Math.floor(u * 1000)));
