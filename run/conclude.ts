// The end of every run outside k6 — one process, shards, or a merge from InfluxDB: its facts judged once
// (lib/verdict/judge.ts), the verdict's files written once — verdict.json, junit.xml, report.html — and its
// console report printed.
import { judge, judgeSla, type RunFacts } from '../lib/verdict/judge';
import { consoleReport, streamLine } from '../lib/verdict/console';
import type { RunSla } from '../lib/wire/run-sla';
import type { Verdict } from '../lib/wire/verdict';
import { k6Binary } from './k6-binary';
import { BadInput, writeVerdict } from './results-dir';
import { writeReport } from '../report/main';

export type Facts = Omit<RunFacts, 'sla'> & { sla: RunSla };

export async function conclude(dir: string, facts: Facts): Promise<Verdict> {
  const verdict = judge({ ...facts, sla: judgeSla(facts.data, facts.sla) });
  writeVerdict(dir, verdict, facts.data.state.testRunDurationMs);
  console.log(consoleReport(facts.data, verdict, facts.sla));
  if (verdict.stream) console.error(streamLine(verdict.stream));
  await report(dir);
  return verdict;
}

/** report.html from what the folder now holds; a report that cannot be made never changes the run's outcome. */
export async function report(dir: string) {
  try {
    console.log(`plimsoll: report ${(await writeReport(dir, { k6Version: k6Binary().version })).path}`);
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    console.error(`plimsoll: warning: no report.html (${e.message})`);
  }
}
