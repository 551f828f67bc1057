// A journey: what one iteration does — named steps through a Session, flows (transactions), think time,
// the user's own metrics — plus its setup and teardown. Step, flow and metric names are declared once, as
// data: TypeScript then refuses a step or SLA key that is not declared, and the control side checks an
// SLA file against the same names before any request.
import type { Session } from './session';
import type { RunEndpoint } from './endpoints';
import type { Feeder, Strategy } from '../data/feeder';
import type { Row } from '../data/csv';

/** k6's metric types; `time` is a Trend of milliseconds (shown and compared as durations). */
export type MetricKind = 'trend' | 'time' | 'counter' | 'rate' | 'gauge';

/** What a journey's own metric accepts: k6's `add`, with optional tags. */
export interface JourneyMetric {
  add(value: number | boolean, tags?: Record<string, string>): void;
}

export interface IterationContext<M extends string, D, R extends Row = Row> {
  /** What the journey's setup returned (k6 hands each VU a copy). */
  data: D;
  /** This iteration's row of the journey's feeder (`feed`), by its strategy. */
  row: R;
  /** The journey's own metrics, by declared name. */
  metrics: Record<M, JourneyMetric>;
  /** The validated ENDPOINTS list, for a journey declared with `endpoints: true`; empty otherwise. */
  endpoints: readonly RunEndpoint[];
}

export interface JourneySpec<S extends string, F extends string, M extends string, D, R extends Row = Row> {
  /** The journey's name: the `journey` tag of every sample. */
  name: string;
  /** Every step the journey may take; each is the `name` tag of its requests. */
  steps: readonly S[];
  /** Transactions: groups of steps timed as a whole (Session.flow), each gated by flow_duration{flow:…}. */
  flows?: readonly F[];
  /** The journey's own k6 metrics, by name: thresholds may gate them like any k6 metric. */
  metrics?: { readonly [K in M]: MetricKind };
  /**
   * What one iteration costs, to size the VU pool (VUs ≈ rate × iteration time): `requests` (default:
   * one per declared step) at EXPECTED_LATENCY each, plus `think`, the mean think time of an iteration.
   */
  expect?: { requests?: number; think?: string };
  /** Runs once, after plimsoll's reachability check; what it returns reaches every iteration as `data`. */
  setup?: (session: Session<S, F>) => D;
  /** Runs once after the last iteration, with setup's data. */
  teardown?: (session: Session<S, F>, data: D) => void;
  /** Test data: one row of this feeder per iteration (`ctx.row`). */
  feed?: Feeder<R>;
  /** One iteration: a user's visit. */
  iteration: (session: Session<S, F>, ctx: IterationContext<M, D, R>) => void;
  /** This journey walks the ENDPOINTS list: its steps are the list's names (the zero-code journey). */
  endpoints?: boolean;
}

export type Journey<S extends string = string, F extends string = string, M extends string = string, D = any, R extends Row = any> = JourneySpec<S, F, M, D, R>;

/** Declare a journey; the names in `steps`, `flows` and `metrics` become its types. */
export const journey = <const S extends string, const F extends string = never, const M extends string = never, D = undefined, R extends Row = Row>(
  spec: JourneySpec<S, F, M, D, R>,
): JourneySpec<S, F, M, D, R> => spec;

/**
 * The journey as plain data, for the control side: validated and translated there, never per VU. lib/control.ts
 * makes it (a function here would be one more object in every VU).
 */
export interface JourneyDeclaration {
  name: string;
  steps: string[];
  flows: string[];
  metrics: Record<string, MetricKind>;
  requests: number | undefined;
  think: string | undefined;
  endpoints: boolean;
  feed: { name: string; strategy: Strategy } | undefined;
}
