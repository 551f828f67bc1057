// Run-time settings arrive as strings in k6's __ENV. Each setting is a zod schema that turns the string
// into a typed value, and whose message says what was expected; parseSettings turns the first problem
// into one line naming the setting, the bad value and the expectation.
import * as z from 'zod/mini';
import { parseDuration } from './duration';
import { describeIssue } from './issues';
import { redactUrl } from './redact';
import type { ParamKind, Params, ParamValues } from './params';

type Check<T> = (value: string) => T | undefined;

/** k6's default request timeout, and TIMEOUT's. */
export const K6_DEFAULT_TIMEOUT_MS = 60_000;

/** A setting read from a string: `check` returns the value, or undefined when `expected` is not met. */
export function setting<T>(expected: string, check: Check<T>) {
  const schema = z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      const value = check(text.trim());
      if (value === undefined) {
        ctx.issues.push({ code: 'custom', message: expected, input: text });
        return z.NEVER;
      }
      return value;
    }),
  );
  // What it expects stays readable on the schema, so help texts quote the very words validation uses.
  return Object.assign(schema, { expected });
}

interface Described {
  expected?: string;
  _zod: { def: { type: string; innerType?: Described; defaultValue?: unknown } };
}

/** A setting's default and expectation, read from its schema (through optional() and prefault()). */
export function describeSetting(schema: unknown): { default?: string; expected?: string; required: boolean } {
  let s = schema as Described;
  let fallback: string | undefined;
  let required = true;
  while (s._zod.def.innerType) {
    if (s._zod.def.type === 'prefault') fallback = String(s._zod.def.defaultValue);
    required = false;
    s = s._zod.def.innerType;
  }
  return { default: fallback, expected: s.expected, required };
}

const number = (text: string) => (text === '' || Number.isNaN(Number(text)) ? undefined : Number(text));

export const positiveNumber = () => setting('a number greater than 0', (t) => ((number(t) ?? 0) > 0 ? number(t) : undefined));
export const factorAbove1 = () => setting('a number greater than 1', (t) => ((number(t) ?? 0) > 1 ? number(t) : undefined));
export const positiveInteger = () =>
  setting('a whole number greater than 0', (t) => (Number.isInteger(number(t)) && number(t)! > 0 ? number(t) : undefined));
export const duration = () => setting('a duration like 500ms, 30s, 1m30s or 2h', parseDuration);
export const positiveDuration = () =>
  setting('a duration above 0 like 500ms, 30s, 1m30s or 2h', (t) => ((parseDuration(t) ?? 0) > 0 ? parseDuration(t) : undefined));
export const oneOf = <T extends string>(values: readonly T[]) =>
  setting(`one of ${values.join(', ')}`, (t) => (values.includes(t as T) ? (t as T) : undefined));
export const text = () => setting('a non-empty value', (t) => (t === '' ? undefined : t));

// k6's goja has no URL class, so the shape is checked by pattern; whether the host resolves is the preflight's job.
const URL_SHAPE = /^https?:\/\/([^\s/@]+@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?(\/[^\s]*)?$/;
export const httpUrl = () =>
  setting('an http:// or https:// URL such as http://127.0.0.1:8080', (t) => (URL_SHAPE.test(t) ? t.replace(/\/+$/, '') : undefined));

/** Settings every profile takes. Defaults are strings so they pass through the same checks. */
export const commonSettings = {
  TARGET: httpUrl(),
  TIME_SCALE: z.prefault(positiveNumber(), '1'),
  /** Expected response time, used only to size the VU pool of the open model. */
  EXPECTED_LATENCY: z.prefault(positiveDuration(), '200ms'),
  PRE_VUS: z.optional(positiveInteger()),
  MAX_VUS: z.optional(positiveInteger()),
  /** open: arrival-rate executors (default); closed: a VU pool that paces itself. */
  MODEL: z.prefault(oneOf(['open', 'closed'] as const), 'open'),
  ENDPOINTS: z.optional(text()),
  RESULTS_DIR: z.optional(text()),
  /** A JSON SLA file replacing the scenario's SLA for this run. */
  SLA: z.optional(text()),
  TESTID: z.optional(text()),
  /** Set by plimsoll's runner, which judges the run itself once k6 has ended (baseline, stream audit, interruption). */
  PLIMSOLL_RUNNER: z.optional(oneOf(['1'] as const)),
  /** A request taking longer fails; k6's own default. */
  TIMEOUT: z.prefault(positiveDuration(), '60s'),
  /** Safety ceiling on the peak arrival rate: a typo like RATE=50000 must not flood a staging box. */
  RATE_CEILING: z.prefault(positiveNumber(), '1000'),
  /** Bearer token for the target, from the environment or a file outside the repository; never written anywhere. */
  AUTH_TOKEN: z.optional(text()),
  AUTH_TOKEN_FILE: z.optional(text()),
};

const commonSchema = z.object(commonSettings);
export type CommonSettings = z.output<typeof commonSchema>;
/** Common settings plus a profile's own. */
export type Settings<P extends Params> = CommonSettings & ParamValues<P>;

const KINDS: Record<ParamKind, () => z.ZodMiniType<number, string>> = { positiveNumber, factorAbove1, positiveInteger, duration, positiveDuration };

/** A profile's own settings as schemas, each with its default. */
export const paramSchemas = (params: Params) => Object.fromEntries(Object.entries(params).map(([key, p]) => [key, z.prefault(KINDS[p.kind](), p.default)]));

type Shape = Record<string, z.ZodMiniType<unknown, string | undefined>>;

/**
 * Parse settings from an environment by a shape of setting schemas — the bundle's and the Node side's alike;
 * the error is one line naming the setting, the value given and what was expected.
 */
export function parseEnv<S extends Shape>(shape: S, env: Record<string, string | undefined>):
  | { ok: true; settings: z.output<z.ZodMiniObject<S>> }
  | { ok: false; error: string } {
  // Empty variables count as unset: `make spike RATE=` means "use the default".
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in shape && v !== undefined && v !== ''));
  const result = z.safeParse(z.object(shape), present);
  if (result.success) return { ok: true, settings: result.data };
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0]);
  // Error lines are printed and logged: a secret setting is never echoed, a URL's credentials are masked.
  const given = present[key] === undefined ? undefined : key === 'AUTH_TOKEN' ? '***' : redactUrl(present[key]!);
  return { ok: false, error: given === undefined ? `${key} is not set` : `${key}='${given}' is not valid: ${describeIssue(issue)}` };
}

/** Parse the environment for a profile's settings; an error is one line for the user. */
export function parseSettings<P extends Params>(params: P, env: Record<string, string | undefined>):
  | { ok: true; settings: Settings<P> }
  | { ok: false; error: string } {
  const parsed = parseEnv({ ...commonSettings, ...paramSchemas(params) }, env);
  return parsed.ok ? { ok: true, settings: parsed.settings as unknown as Settings<P> } : parsed;
}
