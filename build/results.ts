// A run's results folder as Node sees it after k6: read verdict.json and summary.json, and rewrite
// verdict.json together with junit.xml, so the two never disagree (baseline comparison, interruption).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { junitXml } from '../lib/verdict/junit';
import type { ComparisonRow, Tolerance } from '../lib/verdict/compare';
import type { SummaryData, Verdict } from '../lib/verdict/verdict';
import { describeIssue, issuePath } from '../lib/config/issues';
import type { StreamAudit } from './stream-audit';

/** Bad input from the user (a missing folder, a malformed file): reported as one line, never a stack. */
export class BadInput extends Error {}
export const bad = (message: string): never => {
  throw new BadInput(message);
};

const summarySchema = z.looseObject({
  metrics: z.record(z.string(), z.looseObject({ type: z.string(), values: z.record(z.string(), z.number()) })),
  state: z.looseObject({ testRunDurationMs: z.number() }),
});

const verdictFileSchema = z.looseObject({
  /** The scenario that ran (a verdict from before scenarios were named has only its profile). */
  scenario: z.optional(z.string()),
  profile: z.string().check(z.minLength(1, 'a profile name')),
  target: z.optional(z.string()),
  passed: z.boolean(),
  /** Whether the SLA alone held, kept by an earlier compare so comparing again never compounds. */
  slaPassed: z.optional(z.boolean()),
  rows: z.array(
    z.looseObject({
      metric: z.string(),
      expression: z.string(),
      observed: z.nullable(z.number()),
      unit: z.string(),
      tier: z.optional(z.string()),
      ok: z.boolean(),
    }),
  ),
});

export type VerdictFile = z.infer<typeof verdictFileSchema> &
  Verdict & {
    regressions?: ComparisonRow[];
    baseline?: { file: string; tolerance: Tolerance };
    /** The signal that stopped the run early. */
    interrupted?: string;
    /** With OUT=influxdb: request samples k6 counted vs those stored in InfluxDB. */
    stream?: StreamAudit;
  };

/** The scenario a verdict belongs to: its baseline, its JUnit suite. */
export const scenarioOf = (v: { scenario?: string; profile: string }) => v.scenario ?? v.profile;

function readJson<T>(path: string, schema: z.ZodMiniType<T>, what: string): T {
  if (!existsSync(path)) bad(`${path} is missing: expected ${what}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    bad(`${path} is not valid JSON (${(e as Error).message}): expected ${what}`);
  }
  const parsed = z.safeParse(schema, data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    bad(`${path} is not ${what} (${issuePath(issue, 'the document')}: ${describeIssue(issue)})`);
  }
  return parsed.data!;
}

export const readSummary = (path: string, what = "k6's summary data") => readJson(path, summarySchema, what) as SummaryData;
// Rows are kept as written (extra fields too); only the fields the verdict reads are checked.
export const readVerdict = (dir: string) => readJson(join(dir, 'verdict.json'), verdictFileSchema, 'a plimsoll verdict') as VerdictFile;

/** Write verdict.json and the matching junit.xml. */
export function writeVerdict(dir: string, verdict: VerdictFile, durationMs: number) {
  writeFileSync(join(dir, 'verdict.json'), JSON.stringify(verdict, null, 2));
  // JUnit shows the SLA's own outcome per row; regressions and interruption are testcases of their own.
  const sla = { ...verdict, passed: verdict.slaPassed ?? verdict.passed };
  const junit = junitXml(sla, {
    suite: `plimsoll ${scenarioOf(verdict)}`,
    regressions: verdict.regressions,
    tolerance: verdict.baseline?.tolerance,
    durationMs,
    interrupted: verdict.interrupted,
  });
  writeFileSync(join(dir, 'junit.xml'), junit);
}
