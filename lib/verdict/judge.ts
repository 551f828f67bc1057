// Where a run's verdict is decided — the one place. Everything known about a finished run goes in: its
// summary data (k6's, or rebuilt from several processes' raw samples), what it evaluated (sla.json), and
// optionally the baseline it is compared with, the stream audit and how it ended. One Verdict comes out,
// which the writers (console, verdict.json, junit.xml, the report) render once. Pure.
import { computeMeasures } from '../profiles/measures';
import { verdictOf, type SlaVerdict } from './verdict';
import { compareRuns, type Tolerance } from './compare';
import { junitXml } from './junit';
import type { SummaryData } from '../wire/summary';
import type { RunInfo, RunSla } from '../wire/run-sla';
import type { StreamAudit, Verdict } from '../wire/verdict';

/** What the SLA decided about a run, with who ran: computed from its facts, or as recorded in an earlier verdict. */
export type SlaJudgement = SlaVerdict & RunInfo;

/** The SLA's part, from a run's summary data and what it evaluated (sla.json). */
export function judgeSla(data: SummaryData, sla: RunSla): SlaJudgement {
  const { scenario, profile, journey, target, testid } = sla;
  return { scenario, profile, journey, target, testid, ...verdictOf(data, sla, computeMeasures(sla.measures, data, sla.plan, sla.windowLimits)) };
}

export interface RunFacts {
  /** The run's summary data (k6's, or rebuilt from raw samples): what a baseline is compared with. */
  data: SummaryData;
  sla: SlaJudgement;
  /** A saved run to gate against (the baseline regression gate). */
  baseline?: { file: string; data: SummaryData; tolerance: Tolerance };
  /** With OUT=influxdb: what reached InfluxDB. */
  stream?: StreamAudit;
  /** The signal that stopped the run early. */
  interrupted?: string;
  /** Where merged data came from (shards, InfluxDB). */
  mergedFrom?: Record<string, unknown>;
}

export function judge(f: RunFacts): Verdict {
  const comparison = f.baseline && compareRuns(f.baseline.data, f.data, f.baseline.tolerance);
  return {
    ...f.sla,
    // An interrupted run measured only part of its plan: it never passes, whatever it measured.
    passed: f.sla.passed && (comparison?.passed ?? true) && !f.interrupted,
    slaPassed: f.sla.passed,
    ...(comparison && { baseline: { file: f.baseline!.file, tolerance: f.baseline!.tolerance }, regressions: comparison.rows }),
    ...(f.stream && { stream: f.stream }),
    ...(f.interrupted && { interrupted: f.interrupted }),
    ...(f.mergedFrom && { mergedFrom: f.mergedFrom }),
  };
}

/** A verdict's files, rendered from the one Verdict: verdict.json and the JUnit report CI pipelines read. */
export function verdictFiles(v: Verdict, durationMs: number): { 'verdict.json': string; 'junit.xml': string } {
  return {
    'verdict.json': JSON.stringify(v, null, 2),
    // JUnit shows the SLA's own outcome per row; regressions and an interruption are testcases of their own.
    'junit.xml': junitXml(
      { ...v, passed: v.slaPassed },
      { suite: `plimsoll ${v.scenario}`, regressions: v.regressions, tolerance: v.baseline?.tolerance, durationMs, interrupted: v.interrupted },
    ),
  };
}
