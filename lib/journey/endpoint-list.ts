// The endpoint list a journey walks: which requests, how often, what counts as success, validated once
// on the control side (lib/control.ts) before any request.
import * as z from 'zod/mini';
import { describeIssue, issuePath } from '../config/issues';

export const endpointSchema = z.object({
  /** Stable tag for every sample of this endpoint: never the raw URL, so IDs don't explode cardinality. */
  name: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a name of letters, digits, "_", "." or "-"')),
  method: z._default(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']), 'GET'),
  /** Appended to TARGET; "{id}" becomes a random id from 1 to 1000 on each request. */
  path: z._default(z.string().check(z.regex(/^(\/|\?|$)/, 'a path starting with "/"')), ''),
  weight: z._default(z.number().check(z.positive()), 1),
  /** The status that counts as success; without it, any 2xx or 3xx (k6's default, as for a journey's step). */
  expect: z.optional(z.int().check(z.gte(100), z.lte(599))),
  body: z.optional(z.unknown()),
});

export const endpointListSchema = z.array(endpointSchema).check(z.minLength(1, 'at least one endpoint'));

export type Endpoint = z.infer<typeof endpointSchema>;

/** Validate a parsed endpoint list; an error is one line naming the file and the problem. */
export function parseEndpoints(source: string, json: unknown): { ok: true; endpoints: Endpoint[] } | { ok: false; error: string } {
  const result = z.safeParse(endpointListSchema, json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, error: `ENDPOINTS='${source}': ${issuePath(issue, 'the list')} is not valid: ${describeIssue(issue)}` };
  }
  const names = new Set<string>();
  for (const e of result.data) {
    if (names.has(e.name)) return { ok: false, error: `ENDPOINTS='${source}': endpoint name '${e.name}' appears twice; names must be unique` };
    names.add(e.name);
  }
  return { ok: true, endpoints: result.data };
}
