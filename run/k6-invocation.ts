// What `make <profile>` hands k6 beyond the script: outputs (InfluxDB, the web dashboard's HTML report)
// as k6 flags and K6_* variables. Pure, so tests check it without running k6.
import type { RunSettings } from './settings';
import { SAMPLES_FILE } from '../distributed/samples';

/** k6's InfluxDB output, tuned for bounded cardinality: per-request values that vary go to fields, not tags. */
const INFLUX_DEFAULTS = {
  K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,iter:int,url',
  K6_INFLUXDB_PUSH_INTERVAL: '1s',
  K6_INFLUXDB_CONCURRENT_WRITES: '4',
};

export interface Invocation {
  /** `run`, the flags and the script: the whole command line after k6. */
  args: string[];
  /** The live output's flags alone (`--out influxdb=…`), for a copy of the run elsewhere (k6-operator). */
  live: string[];
  env: Record<string, string>;
  /** Where samples stream, with OUT=influxdb. */
  influxUrl?: string;
}

/** k6's arguments and K6_* variables for a run with these (validated) settings; `env` may tune K6_* further. */
export function k6Invocation(script: string, settings: Pick<RunSettings, 'OUT' | 'INFLUX_URL' | 'DASHBOARD'>, resultsDir: string, env: Record<string, string | undefined> = {}): Invocation {
  // k6's REST API on a free loopback port: runs side by side (shards, CI jobs) must not collide on 6565.
  // Every run keeps its raw samples (the spool): the shards' merged verdict, the report's charts and the
  // InfluxDB backfill are made from them. Nanosecond timestamps, as k6 stamps the samples it streams.
  const args = ['run', '--address', '127.0.0.1:0', '--out', `csv=${resultsDir}/${SAMPLES_FILE}`, script];
  const extra: Record<string, string> = {
    // The web dashboard always exports its HTML report; it serves live (on loopback only) with DASHBOARD=1.
    K6_WEB_DASHBOARD: 'true',
    K6_WEB_DASHBOARD_HOST: '127.0.0.1',
    K6_WEB_DASHBOARD_PORT: settings.DASHBOARD === '1' ? env.K6_WEB_DASHBOARD_PORT || '5665' : '-1',
    // The report is built from periodic snapshots: a run shorter than one period would export nothing.
    K6_WEB_DASHBOARD_PERIOD: env.K6_WEB_DASHBOARD_PERIOD || '1s',
    K6_WEB_DASHBOARD_EXPORT: `${resultsDir}/k6-dashboard.html`,
    K6_CSV_TIME_FORMAT: 'unix_nano',
  };
  if (settings.OUT !== 'influxdb') return { args, live: [], env: extra };
  const live = ['--out', `influxdb=${settings.INFLUX_URL}`];
  for (const [k, v] of Object.entries(INFLUX_DEFAULTS)) extra[k] = env[k] || v;
  return { args: [...args, ...live], live, env: extra, influxUrl: settings.INFLUX_URL };
}
