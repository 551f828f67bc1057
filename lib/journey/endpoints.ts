// What a journey needs of its endpoint list at run time: picking by weight and filling ids. Zod-free:
// every VU imports it; the list is validated once, on the control side (endpoint-list.ts).
import type { Endpoint } from './endpoint-list';

export type { Endpoint };

/** With no endpoint list the journey GETs TARGET itself. */
export const TARGET_ONLY: Endpoint[] = [{ name: 'target', method: 'GET', path: '', weight: 1, expect: 200 }];

/** A picker over the weights: `pick(u)` for u uniform in [0, 1). */
export function weightedPicker<T extends { weight: number }>(items: readonly T[]): (u: number) => T {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  const bounds: number[] = [];
  let acc = 0;
  for (const i of items) bounds.push((acc += i.weight / total));
  return (u) => {
    for (let k = 0; k < bounds.length - 1; k++) if (u < bounds[k]!) return items[k]!;
    return items[items.length - 1]!;
  };
}

/** The path with its "{id}" placeholders filled from u uniform in [0, 1). */
export const fillPath = (path: string, u: number) => path.replace(/\{id\}/g, () => String(1 + Math.floor(u * 1000)));
