// zod/mini ships no locale (that keeps the bundle small), so its default message is "Invalid input".
// Our schemas phrase their own expectations; this fills in the rest from the issue's code.
import type * as z from 'zod/mini';

const DEFAULT_MESSAGE = 'Invalid input';

/** What was expected, in words: "expected a number greater than 0", "unknown key 'p59'". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== DEFAULT_MESSAGE) return `expected ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'a whole number' : `a value of type ${issue.expected}`}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'too_small':
      return `expected at least ${issue.minimum}`;
    case 'too_big':
      return `expected at most ${issue.maximum}`;
    default:
      return `expected a valid value (${issue.code})`;
  }
}

/** Where an issue sits, for a message: "global.p95", or `whole` at the top level. */
export const issuePath = (issue: z.core.$ZodIssue, whole: string) => (issue.path.length ? issue.path.join('.') : whole);
