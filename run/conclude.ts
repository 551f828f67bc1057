// The end of every run outside k6 — one process, shards, or a merge from InfluxDB: its facts judged once
// (lib/verdict/judge.ts), the verdict's files written once, its console report printed.
import { judge, judgeSla, type RunFacts } from '../lib/verdict/judge';
import { consoleReport, streamLine } from '../lib/verdict/console';
import type { RunSla } from '../lib/wire/run-sla';
import type { Verdict } from '../lib/wire/verdict';
import { writeVerdict } from './results-dir';

export type Facts = Omit<RunFacts, 'sla'> & { sla: RunSla };

export function conclude(dir: string, facts: Facts): Verdict {
  const verdict = judge({ ...facts, sla: judgeSla(facts.data, facts.sla) });
  writeVerdict(dir, verdict, facts.data.state.testRunDurationMs);
  console.log(consoleReport(facts.data, verdict, facts.sla.scope));
  if (verdict.stream) console.error(streamLine(verdict.stream));
  return verdict;
}
