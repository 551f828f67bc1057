// A journey's declared names, checked once on the control side before any request: each becomes a tag
// value or a metric name, so it must be one k6 and the SLA's selectors (`{name:…}`) can carry.
import { K6_METRICS } from '../sla/metrics';
import { parseDuration } from '../config/duration';
import type { JourneyDeclaration } from './journey';

const TAG_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const TAG_RULE = 'letters, digits, "_", "." or "-"';
/** plimsoll's own reachability request is a step of this name. */
const RESERVED_STEPS = ['preflight'];

function names(what: string, list: readonly string[], rule: RegExp, ruleText: string): string | undefined {
  const seen = new Set<string>();
  for (const n of list) {
    if (!rule.test(n)) return `${what} '${n}' is not valid: expected ${ruleText}`;
    if (seen.has(n)) return `${what} '${n}' is declared twice: names must be unique`;
    seen.add(n);
  }
  return undefined;
}

/** One line naming the first problem, or undefined. */
export function checkDeclaration(j: JourneyDeclaration): string | undefined {
  const where = `journey '${j.name}'`;
  if (!TAG_VALUE.test(j.name)) return `journey name '${j.name}' is not valid: expected ${TAG_RULE}`;
  if (!j.endpoints && j.steps.length === 0) return `${where} declares no steps: expected at least one name in steps`;
  const reserved = j.steps.find((s) => RESERVED_STEPS.includes(s));
  if (reserved) return `${where}: step '${reserved}' is plimsoll's own reachability check: choose another name`;
  const builtin = Object.keys(j.metrics).find((m) => m in K6_METRICS);
  if (builtin) return `${where}: metric '${builtin}' is one of k6's own: choose another name`;
  if (j.requests !== undefined && !(Number.isInteger(j.requests) && j.requests > 0)) return `${where}: expect.requests=${j.requests} is not valid: expected a whole number greater than 0`;
  if (j.think !== undefined && parseDuration(j.think) === undefined) return `${where}: expect.think='${j.think}' is not valid: expected a duration like 500ms, 3s or 1m`;
  return (
    names(`${where}: step`, j.steps, TAG_VALUE, TAG_RULE) ??
    names(`${where}: flow`, j.flows, TAG_VALUE, TAG_RULE) ??
    names(`${where}: metric`, Object.keys(j.metrics), METRIC_NAME, 'a k6 metric name: letters, digits and "_", not starting with a digit')
  );
}
