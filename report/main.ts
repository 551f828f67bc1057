// `tsx report/main.ts <resultsDir> [--k6-version v2.2.0]` writes <resultsDir>/report.html from the run's
// files: verdict.json, sla.json, summary.json and the raw samples (samples.bin.gz or samples.csv[.gz], or each
// shard's in shard-*/). Without raw samples (a verdict merged from InfluxDB) the report has no charts
// over time and says why. Bad input: one line on stderr, exit 2.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readSamples, sampleFilesOf, shardDirs } from '../distributed/samples';
import { DASHBOARD_FILE } from '../run/k6-invocation';
import { BadInput, bad, readRunSla, readSummary, readVerdict } from '../run/results-dir';
import { REPORT_MARKER, renderReport } from './html';
import { SeriesBuilder, mixOf, type Series } from './series';

export const REPORT_FILE = 'report.html';

export interface WriteReportOptions {
  /** `k6 version`'s answer, shown in the header. */
  k6Version?: string;
}

export interface WrittenReport {
  path: string;
  bytes: number;
  /** Time to read the inputs and write the page. */
  ms: number;
  /** The sample files read; empty when there were none (no charts over time). */
  sampleFiles: string[];
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Every sample file, read side by side (shards interleave by time), into one series. */
export async function seriesOf(files: readonly string[], builder: SeriesBuilder): Promise<Series> {
  await Promise.all(
    files.map(async (file) => {
      const source = builder.source();
      try {
        await readSamples(file, source.add);
      } catch (e) {
        if (e instanceof BadInput) throw e;
        bad(`${file} cannot be read (${(e as Error).message}): expected plimsoll's samples output (--out plimsoll-samples=…) or k6's CSV output (--out csv=…), gzipped when named .gz`);
      }
      source.end();
    }),
  );
  return builder.finish();
}

/** k6's dashboard exports to link: the run's own, and each shard's. */
function dashboards(dir: string): { href: string; label: string }[] {
  // Until the runner exports k6's dashboard as k6-dashboard.html, it writes report.html: keep it, under its new name.
  const old = join(dir, REPORT_FILE);
  if (existsSync(old) && !existsSync(join(dir, DASHBOARD_FILE)) && !readFileSync(old, 'utf8').slice(0, 4000).includes(REPORT_MARKER)) {
    renameSync(old, join(dir, DASHBOARD_FILE));
  }
  const links: { href: string; label: string }[] = [];
  if (existsSync(join(dir, DASHBOARD_FILE))) links.push({ href: DASHBOARD_FILE, label: 'k6 web dashboard report' });
  for (const s of shardDirs(dir).map((d) => basename(d))) {
    for (const f of [DASHBOARD_FILE, REPORT_FILE]) {
      if (existsSync(join(dir, s, f))) {
        links.push({ href: `${s}/${f}`, label: `${s} dashboard` });
        break;
      }
    }
  }
  return links;
}

/**
 * Write `<dir>/report.html` for a finished run (single, sharded, or merged from InfluxDB). Throws BadInput
 * (one line) when the folder lacks verdict.json, sla.json or summary.json, or one of them or a samples file is garbled.
 */
export async function writeReport(dir: string, opts: WriteReportOptions = {}): Promise<WrittenReport> {
  const t0 = performance.now();
  if (!isDir(dir)) bad(`results directory '${dir}' does not exist: expected a run's folder (with verdict.json, sla.json, summary.json)`);
  const verdict = readVerdict(dir);
  const sla = readRunSla(dir);
  const summary = readSummary(join(dir, 'summary.json'));
  const files = sampleFilesOf(dir);
  let series: Series | undefined;
  if (files.length) {
    series = await seriesOf(files, new SeriesBuilder({ plan: sla.plan, steps: sla.scope.steps, flows: sla.scope.flows ?? [], journeys: mixOf(sla.scope) }));
  }
  const noSeries = files.length
    ? undefined
    : verdict.mergedFrom && 'influxdb' in verdict.mergedFrom
      ? 'this verdict was merged from InfluxDB, and a run streamed there keeps no raw samples on disk (Grafana has its curves)'
      : `the folder has no raw samples (samples.bin.gz or samples.csv.gz, or shard-*/ with one): run k6 with --out csv=${dir}/samples.csv.gz`;
  const html = renderReport({ verdict, sla, summary, series, noSeries, k6Version: opts.k6Version, links: dashboards(dir), generatedAt: new Date() });
  const path = join(dir, REPORT_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, html);
  renameSync(tmp, path);
  return { path, bytes: Buffer.byteLength(html), ms: performance.now() - t0, sampleFiles: files };
}

const USAGE = 'usage: tsx report/main.ts <resultsDir> [--k6-version <version>]';

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--k6-version');
  const k6Version = at >= 0 ? args[at + 1] : undefined;
  const dir = at < 0 ? args[0] : args.filter((_, i) => i !== at && i !== at + 1)[0];
  try {
    if (!dir || dir === '--help' || (at >= 0 && !k6Version)) bad(USAGE);
    const r = await writeReport(dir!, { k6Version });
    console.log(`plimsoll: report in ${r.path} (${(r.bytes / 1024).toFixed(0)} KB, ${r.ms.toFixed(0)} ms${r.sampleFiles.length ? '' : ', no raw samples: no charts over time'})`);
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    console.error(`plimsoll: ${e.message}`);
    process.exit(2);
  }
}
