// `make k8s-<profile> PARALLELISM=N TARGET=…`: the same bundle on k6-operator (k6.io/v1alpha1 TestRun),
// which splits it across N pods with execution segments. Writes, ready for `kubectl apply -f <dir>`:
//   configmap.yaml  the bundle (exact bytes) and, when given, the endpoint list and SLA files
//   testrun.yaml    parallelism, arguments (the InfluxDB output), the run's settings and k6's K6_* as env
//   sla.json        what the pods will evaluate — for the one verdict over all pods (distributed/merge.ts --influx)
// k6-operator does not aggregate thresholds across pods (grafana/k6-operator #115): each pod judges only
// its own segment, so the pipeline's verdict comes from all pods' samples in InfluxDB, by testid.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { stringify } from 'yaml';
import { parseEnv, positiveInteger } from '../lib/config/settings';
import { hasCredentials, redactUrl } from '../lib/config/redact';
import { runSettings } from '../run/settings';
import { CONTROL, scenarioNames } from '../build/bundle';
import { k6Invocation } from '../run/k6-invocation';
import { bad, BadInput } from '../run/results-dir';

/** Where the pods' samples go by default: an InfluxDB service in the TestRun's namespace. */
export const K8S_INFLUX_URL = 'http://influxdb:8086/k6';
/** k6-operator mounts the ConfigMap here. */
const MOUNT = '/test';
/** Kubernetes refuses a ConfigMap above 1 MiB. */
const CONFIGMAP_MAX_BYTES = 1024 * 1024;
// Settings the pods need as they are; file settings travel in the ConfigMap, secrets never leave the machine.
// Each travels in the ConfigMap under a name of its own: the SLA, the endpoint list, a feeder's data (DATA, DATA_<NAME>).
const fileName = (key: string, path: string) =>
  key === 'SLA' ? 'sla-limits.json' : key === 'ENDPOINTS' ? 'endpoints.json' : /^DATA(_[A-Z0-9_]+)?$/.test(key) ? `${key.toLowerCase()}${extname(path) || '.csv'}` : undefined;
const NEVER = new Set(['AUTH_TOKEN', 'AUTH_TOKEN_FILE', 'RESULTS_DIR', 'K6', 'SHARDS', 'PARALLELISM', 'OUT', 'INFLUX_URL', 'DASHBOARD', 'K8S_DIR']);

// A variable that may be a setting: the bundle itself says which ones it reads (sla.json's `settings`),
// whatever profile it has — one under lib/profiles/ or inline in the scenario — and only those reach the pods.
const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface K8sManifests {
  dir: string;
  name: string;
  testid: string;
  configMap: Record<string, unknown>;
  testRun: Record<string, unknown>;
}

/** A Kubernetes object name (DNS-1123 label): lower case, digits and '-', at most 63 characters. */
const dnsName = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 52).replace(/-+$/, '');

export async function k8sManifests(profile: string, env: NodeJS.ProcessEnv, stamp: string): Promise<K8sManifests> {
  if (!scenarioNames().includes(profile)) bad(`no scenario '${profile}': expected one of ${scenarioNames().join(', ')} (scenarios/*.ts)`);
  const script = `dist/${profile}.js`;
  if (!existsSync(script)) bad(`${script} is missing: run 'make build' first`);
  if (!env.PARALLELISM) bad('PARALLELISM is not set: expected a whole number greater than 0 (the number of k6 pods)');
  const parsed = parseEnv({ ...runSettings, PARALLELISM: positiveInteger() }, { ...env, INFLUX_URL: env.INFLUX_URL || K8S_INFLUX_URL, OUT: 'influxdb' });
  if (!parsed.ok) return bad(parsed.error);
  const run = parsed.settings;
  if (!env.TARGET) bad("TARGET is not set: the pods need the URL of the service under test (the demo target runs only on this machine)");
  // The manifests are files anyone may read: a URL's credentials must not end up in them.
  if (hasCredentials(env.TARGET!)) bad(`TARGET='${redactUrl(env.TARGET!)}' carries credentials, which would be written into testrun.yaml: use a TARGET without them and AUTH_TOKEN (kept in a Secret)`);
  const testid = env.TESTID || `${profile}-${stamp}`;
  const name = dnsName(`plimsoll-${testid}`);
  const dir = env.K8S_DIR || join('results', `k8s-${testid}`);

  // The InfluxDB output exactly as a local OUT=influxdb run sets it up (same flags, same K6_INFLUXDB_* tuning).
  const influx = k6Invocation(`${MOUNT}/${profile}.js`, run, MOUNT, env);

  // The scenario's bundle loads the shared control bundle from its own directory: both go in the ConfigMap.
  const files: Record<string, string> = { [`${profile}.js`]: readFileSync(script, 'utf8'), [`${CONTROL}.js`]: readFileSync(`dist/${CONTROL}.js`, 'utf8') };
  const settings: Record<string, string> = { TESTID: testid };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '' || !SETTING_NAME.test(key) || key.startsWith('K6_') || NEVER.has(key) || key === 'TESTID') continue;
    const file = fileName(key, value);
    if (file) {
      if (!existsSync(value)) bad(`${key}='${value}' cannot be read: expected the path of a readable file`);
      files[file] = readFileSync(value, 'utf8');
      settings[key] = `${MOUNT}/${file}`;
    } else settings[key] = value;
  }
  const size = Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0);
  if (size > CONFIGMAP_MAX_BYTES) bad(`the ConfigMap would hold ${size} bytes, above Kubernetes' limit of 1 MiB`);
  const k6Env = {
    ...Object.fromEntries(Object.entries(influx.env).filter(([k]) => k.startsWith('K6_INFLUXDB_'))),
    // k6-operator adds `--tag instance_id=<i>` to each pod; by default k6's --tag replaces the script's
    // options.tags, so the samples would lose the testid. k6 v2's merge-run-tags merges them. An env var,
    // not `--features`: k6-operator also passes the arguments to `k6 archive`, which has no such flag.
    K6_FEATURES: 'merge-run-tags',
  };

  // A token never enters the manifests: the pods read it from a Secret the user creates (printed by the CLI).
  const token = env.AUTH_TOKEN || env.AUTH_TOKEN_FILE ? { name: 'AUTH_TOKEN', valueFrom: { secretKeyRef: { name: `${name}-auth`, key: 'token' } } } : undefined;
  const labels = { 'app.kubernetes.io/name': 'plimsoll', 'plimsoll/profile': profile, 'plimsoll/testid': dnsName(testid) };
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: files };
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, labels },
    spec: {
      parallelism: run.PARALLELISM,
      script: { configMap: { name, file: `${profile}.js` } },
      arguments: influx.live.join(' '),
      runner: { env: [...Object.entries({ ...settings, ...k6Env }).map(([k, value]) => ({ name: k, value })), ...(token ? [token] : [])] },
    },
  };
  return { dir, name, testid, configMap, testRun };
}

// Long lines stay whole (the bundle is one minified line): no folding, so the bytes round-trip exactly.
const yaml = (doc: unknown) => stringify(doc, { lineWidth: 0, minContentWidth: 0 });

/**
 * What the pods will evaluate, recorded by the bundle itself: the ConfigMap's files in a directory of
 * their own (as k6-operator mounts them, so a file the bundle needs and the ConfigMap lacks fails here),
 * one iteration against a closed loopback port (no setup, so no preflight; nothing leaves the machine)
 * makes handleSummary write sla.json — exactly the thresholds, tiers, measures and plan the pods get.
 */
export function recordSla(m: K8sManifests, env: NodeJS.ProcessEnv, profile: string) {
  const tmp = mkdtempSync(join(tmpdir(), 'plimsoll-k8s-'));
  const mount = join(tmp, 'mount');
  const results = join(tmp, 'results');
  try {
    mkdirSync(mount);
    mkdirSync(results);
    for (const [file, text] of Object.entries(m.configMap.data as Record<string, string>)) writeFileSync(join(mount, file), text);
    const env_ = (m.testRun as { spec: { runner: { env: { name: string; value?: string }[] } } }).spec.runner.env;
    const settings = Object.fromEntries(env_.flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value.startsWith(`${MOUNT}/`) ? join(mount, e.value.slice(MOUNT.length + 1)) : e.value]])));
    const r = spawnSync(env.K6 || 'k6', ['run', '--quiet', '--no-setup', '--no-teardown', '--vus', '1', '--iterations', '1', '--address', '', join(mount, `${profile}.js`)], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...settings, TARGET: 'http://127.0.0.1:9', RESULTS_DIR: results },
      encoding: 'utf8',
    });
    if (!existsSync(join(results, 'sla.json'))) {
      // The bundle's own one-line refusal (k6 logs it as msg="plimsoll: …"), or why k6 did not run.
      const refusal = /msg="plimsoll: ([^"\\]*)/.exec(r.stderr ?? '')?.[1];
      bad(refusal ?? `k6 could not run the bundle: ${(r.error?.message ?? r.stderr ?? '').trim().split('\n').pop()} (set K6=/path/to/k6 or run through make)`);
    }
    const sla = JSON.parse(readFileSync(join(results, 'sla.json'), 'utf8'));
    writeFileSync(join(m.dir, 'sla.json'), JSON.stringify({ ...sla, target: redactUrl(env.TARGET!) }, null, 2));
    return sla as { settings: string[] };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function writeK8s(profile: string, env: NodeJS.ProcessEnv, stamp: string): Promise<K8sManifests> {
  const m = await k8sManifests(profile, env, stamp);
  const created = !existsSync(m.dir);
  mkdirSync(m.dir, { recursive: true });
  try {
    // First, so a setting the bundle refuses (RATE=abc) stops here with its one line, before any manifest;
    // then the pods get only the variables the bundle reads (and the testid, k6's own K6_*, the Secret).
    const { settings } = recordSla(m, env, profile);
    const runner = (m.testRun as { spec: { runner: { env: { name: string; valueFrom?: unknown }[] } } }).spec.runner;
    runner.env = runner.env.filter((e) => e.valueFrom !== undefined || e.name === 'TESTID' || e.name.startsWith('K6_') || settings.includes(e.name));
  } catch (e) {
    if (created) rmSync(m.dir, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(join(m.dir, 'configmap.yaml'), yaml(m.configMap));
  writeFileSync(join(m.dir, 'testrun.yaml'), yaml(m.testRun));
  return m;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
    const m = await writeK8s(process.argv[2] ?? '', process.env, stamp);
    console.log(`plimsoll: wrote ${m.dir}/configmap.yaml and testrun.yaml (TestRun ${m.name}, testid ${m.testid})`);
    if (process.env.AUTH_TOKEN || process.env.AUTH_TOKEN_FILE) console.log(`  kubectl create secret generic ${m.name}-auth --from-file=token=<file holding the token>`);
    console.log(`  kubectl apply -f ${m.dir}/configmap.yaml -f ${m.dir}/testrun.yaml`);
    console.log(`  then, when the TestRun has finished: make verdict RUN=${m.dir} INFLUX_URL=<InfluxDB the pods wrote to>`);
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    console.error(`plimsoll: ${e.message}`);
    process.exit(2);
  }
}
