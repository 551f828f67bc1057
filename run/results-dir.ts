// A run's results folder as Node sees it: the facts k6 wrote (summary.json, sla.json) read through their
// wire schemas, and the verdict written once (verdict.json with junit.xml, rendered from one Verdict).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { describeIssue, issuePath } from '../lib/config/issues';
import { verdictFiles } from '../lib/verdict/judge';
import { summarySchema, type SummaryData } from '../lib/wire/summary';
import { runSlaSchema, type RunSla } from '../lib/wire/run-sla';
import { verdictSchema, type Verdict } from '../lib/wire/verdict';

/** Bad input from the user (a missing folder, a malformed file): reported as one line, never a stack. */
export class BadInput extends Error {}
export const bad = (message: string): never => {
  throw new BadInput(message);
};

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

export const readSummary = (path: string, what = "k6's summary data"): SummaryData => readJson(path, summarySchema, what);
export const readVerdict = (dir: string): Verdict => readJson(join(dir, 'verdict.json'), verdictSchema, 'a plimsoll verdict');
export const readRunSla = (dir: string): RunSla => readJson(join(dir, 'sla.json'), runSlaSchema, 'the sla.json every plimsoll run writes');

/** Write verdict.json and the matching junit.xml, both rendered from the one verdict. */
export function writeVerdict(dir: string, verdict: Verdict, durationMs: number) {
  for (const [name, text] of Object.entries(verdictFiles(verdict, durationMs))) writeFileSync(join(dir, name), text);
}
