// `make k8s-<profile>`: manifests k6-operator accepts, the exact bundle in the ConfigMap, settings and
// the testid reaching every pod, no secret in any file, and the sla.json the one verdict needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { K6, run } from './support/k6';

const k8s = (profile: string, env: Record<string, string>) => run('node', ['--import', 'tsx', 'distributed/k8s.ts', profile], { K6, ...env });
const fresh = () => join(mkdtempSync(join(tmpdir(), 'plimsoll-k8s-')), 'out');

test('TestRun and ConfigMap: parse as YAML, carry what k6-operator requires, hold the exact bundle bytes', async () => {
  const dir = fresh();
  const endpoints = resolve('demo/endpoints.json');
  const r = await k8s('spike', { K8S_DIR: dir, PARALLELISM: '4', TARGET: 'https://staging.example.com', RATE: '40', TESTID: 'spike-k8s-1', ENDPOINTS: endpoints, AUTH_TOKEN: 's3cret-token' });
  assert.equal(r.code, 0, r.stderr);
  const testRun = parse(readFileSync(join(dir, 'testrun.yaml'), 'utf8'));
  const configMap = parse(readFileSync(join(dir, 'configmap.yaml'), 'utf8'));

  assert.equal(testRun.apiVersion, 'k6.io/v1alpha1');
  assert.equal(testRun.kind, 'TestRun');
  assert.match(testRun.metadata.name, /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
  assert.equal(testRun.spec.parallelism, 4);
  assert.equal(configMap.apiVersion, 'v1');
  assert.equal(configMap.kind, 'ConfigMap');
  assert.equal(testRun.spec.script.configMap.name, configMap.metadata.name);
  assert.equal(testRun.spec.script.configMap.file, 'spike.js');
  assert.ok(Buffer.from(configMap.data['spike.js'], 'utf8').equals(readFileSync('dist/spike.js')), 'the ConfigMap holds dist/spike.js byte for byte');
  assert.ok(Buffer.from(configMap.data['control.js'], 'utf8').equals(readFileSync('dist/control.js')), 'and the control bundle it loads, byte for byte');
  assert.equal(configMap.data['endpoints.json'], readFileSync(endpoints, 'utf8'));

  // The pods' settings; k6's merge-run-tags, so k6-operator's --tag instance_id keeps options.tags' testid
  // (an env var: the arguments, which also reach `k6 archive`, hold the output alone).
  const env = Object.fromEntries(testRun.spec.runner.env.filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]));
  assert.equal(env.TARGET, 'https://staging.example.com');
  assert.equal(env.RATE, '40');
  assert.equal(env.TESTID, 'spike-k8s-1');
  assert.equal(env.ENDPOINTS, '/test/endpoints.json');
  assert.equal(env.K6_INFLUXDB_TAGS_AS_FIELDS, 'vu:int,iter:int,url');
  assert.equal(env.K6_FEATURES, 'merge-run-tags');
  assert.equal(testRun.spec.arguments, '--out influxdb=http://influxdb:8086/k6');
  const token = testRun.spec.runner.env.find((e: { name: string }) => e.name === 'AUTH_TOKEN');
  assert.deepEqual(token.valueFrom.secretKeyRef, { name: `${testRun.metadata.name}-auth`, key: 'token' });
  for (const file of readdirSync(dir)) assert.doesNotMatch(readFileSync(join(dir, file), 'utf8'), /s3cret-token/, `${file} holds no token`);

  // What the pods evaluate, recorded from the bundle with the same settings.
  const sla = JSON.parse(readFileSync(join(dir, 'sla.json'), 'utf8'));
  assert.equal(sla.testid, 'spike-k8s-1');
  assert.equal(sla.target, 'https://staging.example.com');
  assert.deepEqual(sla.thresholds['http_req_duration{phase:warmup}'], ['p(95)<500'], "the spike's own SLA");
  assert.ok(sla.metricKeys.includes('http_req_duration{name:search}'), 'the endpoint list reached the recording');
  assert.equal(sla.plan.startRate, 40);
});

test('the InfluxDB URL is configurable and checked; bad input is one line and writes nothing', async () => {
  const dir = fresh();
  const ok = await k8s('sustained', { K8S_DIR: dir, PARALLELISM: '2', TARGET: 'http://svc.example:8080', INFLUX_URL: 'http://influx.example:8086/loadtests' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(parse(readFileSync(join(dir, 'testrun.yaml'), 'utf8')).spec.arguments, /--out influxdb=http:\/\/influx\.example:8086\/loadtests/);

  for (const [env, expected] of [
    [{ PARALLELISM: '0', TARGET: 'http://svc.example:80' }, "plimsoll: PARALLELISM='0' is not valid: expected a whole number greater than 0"],
    [{ PARALLELISM: '2' }, 'plimsoll: TARGET is not set: the pods need the URL of the service under test (the demo target runs only on this machine)'],
    [{ PARALLELISM: '2', TARGET: 'https://u:pw@svc.example:80' }, "plimsoll: TARGET='https://***@svc.example:80' carries credentials, which would be written into testrun.yaml: use a TARGET without them and AUTH_TOKEN (kept in a Secret)"],
    [{ PARALLELISM: '2', TARGET: 'http://svc.example:80', RATE: 'abc' }, "plimsoll: RATE='abc' is not valid: expected a number greater than 0"],
    [{ PARALLELISM: '2', TARGET: 'http://svc.example:80', INFLUX_URL: 'influx:8086' }, "plimsoll: INFLUX_URL='influx:8086' is not valid: expected http://host:port/database, e.g. http://127.0.0.1:8086/k6"],
  ] as const) {
    const out = fresh();
    const r = await k8s('spike', { K8S_DIR: out, ...env });
    assert.equal(r.code, 2, r.stdout);
    assert.equal(r.stderr.trim(), expected);
    assert.equal(existsSync(out), false, 'nothing written');
  }
});

test("the pods get exactly the settings the scenario's bundle reads, whatever its profile", async () => {
  const dir = fresh();
  // The feeder's file travels in the ConfigMap too (its path relative to the scenario would not exist in a pod).
  const users = resolve('demo/users.csv');
  const r = await k8s('shop', { K8S_DIR: dir, PARALLELISM: '2', TARGET: 'https://shop.example.com', RATE: '7', PEAK: '3', UNRELATED: 'x', TIME_SCALE: '0.5', DATA_USERS: users });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(parse(readFileSync(join(dir, 'configmap.yaml'), 'utf8')).data['data_users.csv'], readFileSync(users, 'utf8'));
  const env = parse(readFileSync(join(dir, 'testrun.yaml'), 'utf8')).spec.runner.env.map((e: { name: string }) => e.name);
  for (const name of ['TARGET', 'RATE', 'PEAK', 'TIME_SCALE', 'TESTID', 'DATA_USERS']) assert.ok(env.includes(name), `${name} reaches the pods`);
  assert.ok(!env.includes('UNRELATED'), 'a variable the bundle does not read stays behind');
  const sla = JSON.parse(readFileSync(join(dir, 'sla.json'), 'utf8'));
  assert.equal(sla.scenario, 'shop');
  assert.ok(sla.settings.includes('PEAK'));
  assert.ok(sla.metricKeys.includes('flow_duration{flow:purchase}'));
});
