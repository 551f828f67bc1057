// A TestRun's pod on the real k6: the manifests' arguments and runner env exactly, the bundle from the
// ConfigMap's files, plus the `--tag instance_id=<i>` k6-operator adds to each pod (its
// pkg/resources/jobs/runner.go), against the demo on loopback, into a real InfluxDB. The one verdict finds
// the pods' samples by testid (distributed/merge.ts --influx), so every series must carry it next to the
// instance_id; without k6's merge-run-tags the operator's --tag would replace the script's testid tag.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { startDemo } from '../demo/server';
import { K6, run } from './support/k6';
import { startTestInflux } from './support/influx';

const influx = await startTestInflux();
const demo = await startDemo({ latencyMs: 1, jitterMs: 0 });
after(async () => {
  await demo.close();
  await influx.close();
});

const TESTID = `k8s-tags-${Date.now()}`;
const tmp = mkdtempSync(join(tmpdir(), 'plimsoll-k8s-tags-'));
const made = await run('node', ['--import', 'tsx', 'distributed/k8s.ts', 'sustained'], {
  K6, K8S_DIR: join(tmp, 'manifests'), PARALLELISM: '1', TARGET: demo.url, ENDPOINTS: resolve('demo/endpoints.json'), RATE: '10', RAMP: '0s', DURATION: '2s', TESTID, INFLUX_URL: `${influx.url}/k6`,
});
assert.equal(made.code, 0, made.stderr);
const testRun = parse(readFileSync(join(tmp, 'manifests', 'testrun.yaml'), 'utf8'));
const configMap = parse(readFileSync(join(tmp, 'manifests', 'configmap.yaml'), 'utf8'));

// The ConfigMap as k6-operator mounts it (at /test/, here a folder of our own).
const mount = join(tmp, 'mount');
mkdirSync(mount);
for (const [file, text] of Object.entries(configMap.data as Record<string, string>)) writeFileSync(join(mount, file), text);
const atMount = (value: string) => value.replace(/^\/test\//, `${mount}/`);
const podEnv: Record<string, string> = Object.fromEntries(testRun.spec.runner.env.map((e: { name: string; value: string }) => [e.name, atMount(e.value)]));

/** Pod `instance` as k6-operator starts it (its REST API on a free loopback port, not paused); the series it wrote. */
async function pod(instance: number, env: Record<string, string>) {
  const args = ['run', '--quiet', ...testRun.spec.arguments.split(/\s+/), join(mount, testRun.spec.script.configMap.file), '--address', '127.0.0.1:0', '--tag', `instance_id=${instance}`];
  const cwd = mkdtempSync(join(tmp, 'pod-')); // whatever the bundle writes stays in the test's folder
  const r = await run(K6, args, env, 60_000, cwd);
  assert.equal(r.code, 0, r.stderr);
  const series = await influx.client.series(`SHOW SERIES WHERE "instance_id" = '${instance}'`, 'k6');
  const keys = series[0]?.values.map((v) => String(v[0])) ?? [];
  assert.ok(keys.some((k) => k.startsWith('http_reqs,')), `pod ${instance} wrote its requests`);
  return keys.map((k) => k.split(','));
}

test("with the manifest's env, every series of a pod carries the run's testid next to k6-operator's instance_id", async () => {
  for (const tags of await pod(0, podEnv)) assert.ok(tags.includes(`testid=${TESTID}`), tags.join(','));
});

test('without merge-run-tags, the instance_id --tag would drop the testid: why the manifest sets K6_FEATURES', async () => {
  for (const tags of await pod(1, { ...podEnv, K6_FEATURES: '' })) assert.ok(!tags.some((t) => t.startsWith('testid=')), tags.join(','));
});
