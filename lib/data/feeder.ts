// Feeders (in the spirit of Gatling's): a data file — CSV with a header row, or a JSON array of objects —
// loaded once into k6's shared memory (a SharedArray: one copy for all VUs, each VU parses only the row it
// reads), and one row per iteration by a strategy: `circular` (in turn), `random`, or `unique` (each row
// once across all VUs, and across shards and k6-operator pods too: k6's iterationInTest is unique over
// execution segments). When `unique` runs out: stop the run (k6 exits 108) or wrap around.
import type Execution from 'k6/execution';
import type * as Data from 'k6/data';
import type { Row } from './csv';
import type * as Control from '../control';
import { k6require } from '../k6-require';

export type Strategy = 'circular' | 'random' | 'unique';

export interface FeederOptions {
  strategy?: Strategy;
  /** With `unique`, when every row was used: `stop` the run with one line (k6 exits 108), or `wrap` around. */
  exhausted?: 'stop' | 'wrap';
}

export interface Feeder<R extends Row = Row> {
  name: string;
  strategy: Strategy;
  /** The row for this iteration (the journey's `row`). */
  row(): R;
}

/** The setting that names a feeder's file at run time: DATA_<NAME> (DATA replaces every feeder's file). */
export const dataSetting = (name: string) => `DATA_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

// build/bundle.ts defines it per bundle: the scenario's folder, relative to the bundle ("../scenarios").
declare const __PLIMSOLL_SOURCE_DIR__: string;

/** A feeder over `path` — relative to the scenario's own file, or absolute; DATA_<NAME> (or DATA) replaces it for one run. */
export function feeder<R extends Row = Row>(name: string, path: string, { strategy = 'circular', exhausted = 'stop' }: FeederOptions = {}): Feeder<R> {
  const { SharedArray } = k6require('k6/data') as typeof Data;
  const exec = k6require('k6/execution') as typeof Execution;
  // k6 calls the loader only in the first init context, VU 0's, where ./control.js (the parser) is loaded.
  const rows = new SharedArray(`plimsoll-data-${name}`, () => (k6require('./control.js') as typeof Control).feederRows(name, path, __PLIMSOLL_SOURCE_DIR__));
  const n = rows.length;
  // k6 builds a new exec.scenario object (six accessors) on every access; its accessors read the live
  // counters, so each VU takes it once, on its first row.
  let scenario: typeof exec.scenario | undefined;
  return {
    name,
    strategy,
    row() {
      if (strategy === 'random') return rows[Math.floor(Math.random() * n)] as R;
      const i = (scenario ??= exec.scenario).iterationInTest;
      if (strategy === 'unique' && i >= n && exhausted === 'stop') {
        exec.test.abort(`plimsoll: feeder '${name}' used each of its ${n} rows once (strategy unique): add rows, lower the load, or choose exhausted: 'wrap'`);
      }
      return rows[i % n] as R;
    },
  };
}
