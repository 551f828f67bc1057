// A profile's own settings as data: which check each takes and its default. Zod-free on purpose: profiles
// are imported by every VU, and the schemas are built only on the control side (lib/control.ts).
export type ParamKind = 'positiveNumber' | 'factorAbove1' | 'positiveInteger' | 'duration' | 'positiveDuration';

export interface ParamSpec {
  kind: ParamKind;
  /** A string, like the environment it stands in for, so it passes the same check. */
  default: string;
}

export type Params = Record<string, ParamSpec>;

/** Every kind of profile setting is a number once checked (durations in milliseconds). */
export type ParamValues<P extends Params> = { [K in keyof P]: number };

export const param = (kind: ParamKind, defaultValue: string): ParamSpec => ({ kind, default: defaultValue });
