// `plimsoll backfill <runDir> [--influx URL]` (`make backfill RUN=… [INFLUX_URL=…]`): write into InfluxDB what
// it lacks of a finished run, from the run's spool — e.g. when InfluxDB was down for longer than the run.
// The testid comes from the run's sla.json (or verdict.json); the InfluxDB from --influx, else INFLUX_URL,
// else http://127.0.0.1:8086/k6. Only missing points are written, each exactly as k6 writes it, so a second
// backfill changes nothing. Exit 0: InfluxDB holds the whole run; 1: something is still missing (said why);
// 2: bad input.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseInfluxUrl } from './influx';
import { healRun } from './heal';
import { sampleFilesOf } from '../distributed/samples';
import { streamLine } from '../lib/verdict/console';
import { redactUrl } from '../lib/config/redact';
import { DEFAULT_INFLUX_URL } from '../run/settings';
import { bad, BadInput } from '../run/results-dir';

const USAGE = 'usage: plimsoll backfill <runDir> [--influx http://host:port/database]   (default: INFLUX_URL, else http://127.0.0.1:8086/k6)';

/** A JSON file's field, or undefined when the file is missing or unreadable. */
function field<T>(path: string, pick: (json: Record<string, unknown>) => T | undefined): T | undefined {
  try {
    return existsSync(path) ? pick(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const testidIn = (dir: string) => field(join(dir, 'sla.json'), (j) => j.testid as string | undefined) ?? field(join(dir, 'verdict.json'), (j) => j.testid as string | undefined);

export async function backfillCommand(args: string[]): Promise<number> {
  try {
    let dir: string | undefined;
    let url: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--influx') url = args[++i] ?? bad('--influx needs a URL like http://127.0.0.1:8086/k6');
      else if (a.startsWith('--influx=')) url = a.slice('--influx='.length);
      else if (a === '--help' || a.startsWith('--') || dir !== undefined) bad(a === '--help' ? USAGE : `unexpected '${a}': ${USAGE}`);
      else dir = a;
    }
    if (!dir) bad(USAGE);
    if (!existsSync(dir!) || !statSync(dir!).isDirectory()) bad(`results directory '${dir}' does not exist: expected a run's folder (with samples.bin.gz or samples.csv.gz, or shard-*/)`);
    url ??= process.env.INFLUX_URL || DEFAULT_INFLUX_URL;
    if (!parseInfluxUrl(url)) bad(`INFLUX_URL='${redactUrl(url)}' is not valid: expected http://host:port/database, e.g. ${DEFAULT_INFLUX_URL}`);
    const spools = sampleFilesOf(dir!);
    if (!spools.length) bad(`${dir} holds no spool (samples.bin.gz or samples.csv.gz, in the folder or its shard-*/): nothing to write back from`);
    const testid = testidIn(dir!) ?? testidIn(join(dir!, 'shard-0')) ?? bad(`${dir}/sla.json names no testid: which run's points would these be?`);
    const expected = field(join(dir!, 'summary.json'), (j) => (j as { metrics?: { http_reqs?: { values?: { count?: number } } } }).metrics?.http_reqs?.values?.count);

    const { audit, sent, ms } = await healRun({ url, testid: testid!, dir: dir!, expected });
    console.error(streamLine(audit));
    const still = audit.stillMissing === null || audit.stillMissing === undefined ? 'unknown' : String(audit.stillMissing);
    console.log(
      `plimsoll: backfill of ${testid} into ${audit.url}: ${audit.samples} samples in ${spools.length} spool${spools.length > 1 ? 's' : ''}; ` +
        `InfluxDB lacked ${audit.missing ?? 'unknown'}, ${audit.written} written back (${sent} lines, ${ms} ms); still missing: ${still}`,
    );
    return audit.stillMissing === 0 ? 0 : 1;
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    console.error(`plimsoll: ${e.message}`);
    return 2;
  }
}
