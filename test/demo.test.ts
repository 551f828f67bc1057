// Tests for the embedded demo target (demo/): routes, stats, knobs, capacity
// queueing, fault injection, shutdown and the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CATALOG_ROUTE_NAMES, type Knobs } from '../demo/knobs';
import { startDemo, type DemoTarget } from '../demo/server';

interface Endpoint {
  name: string;
  method: string;
  path: string;
  weight: number;
  expect: number;
  body?: unknown;
}

const endpoints: Endpoint[] = JSON.parse(readFileSync(new URL('../demo/endpoints.json', import.meta.url), 'utf8'));
const FAST: Partial<Knobs> = { latencyMs: 0, jitterMs: 0 };
const ROOT = new URL('..', import.meta.url);
const runCli = (...args: string[]) => spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', ...args], { cwd: ROOT });

async function demo(t: TestContext, knobs?: Partial<Knobs>): Promise<DemoTarget> {
  const target = await startDemo(knobs);
  t.after(() => target.close());
  return target;
}

function call(target: DemoTarget, e: Pick<Endpoint, 'method' | 'path' | 'body'>) {
  return fetch(target.url + e.path.replace('{id}', '7'), {
    method: e.method,
    ...(e.body === undefined ? {} : { body: JSON.stringify(e.body), headers: { 'content-type': 'application/json' } }),
  });
}

async function json(res: Response | Promise<Response>): Promise<{ status: number; body: any }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

const post = (target: DemoTarget, path: string, body: string) => json(fetch(target.url + path, { method: 'POST', body }));

/** Fails if `promise` has not settled within `ms`: a deadline, not a synchronisation point. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a server-side condition by re-checking it every event-loop turn. */
async function until(cond: () => boolean, what: string): Promise<void> {
  let given = false; // once the deadline has passed, the loop stops too: a failed test must not keep the file alive
  const check = async () => {
    while (!given && !cond()) await new Promise((resolve) => setImmediate(resolve));
  };
  try {
    await within(2000, check(), what);
  } finally {
    given = true;
  }
}

test('endpoints.json names only real routes and every endpoint answers as expected', async (t) => {
  assert.deepEqual(endpoints.map((e) => e.name).sort(), [...CATALOG_ROUTE_NAMES].sort());
  const target = await demo(t, FAST);
  for (const e of endpoints) {
    assert.equal((await call(target, e)).status, e.expect, `${e.method} ${e.path}`);
  }
});

test('each route answers as specified and is counted under its name', async (t) => {
  const target = await demo(t, FAST);

  assert.deepEqual(await json(call(target, { method: 'GET', path: '/health' })), { status: 200, body: { status: 'ok' } });

  const list = await json(call(target, { method: 'GET', path: '/api/items' }));
  assert.equal(list.status, 200);
  assert.equal(list.body.length, 20);

  const item = await json(call(target, { method: 'GET', path: '/api/items/1000' }));
  assert.equal(item.status, 200);
  assert.equal(item.body.id, 1000);
  assert.equal((await call(target, { method: 'GET', path: '/api/items/1001' })).status, 404);
  assert.equal((await call(target, { method: 'GET', path: '/api/items/abc' })).status, 404);

  const search = await json(call(target, { method: 'GET', path: '/api/search?q=hull' }));
  assert.equal(search.status, 200);
  assert.ok(search.body.results.length > 0);
  assert.ok(search.body.results.every((r: { name: string }) => r.name.includes('hull')));

  const order = await json(call(target, { method: 'POST', path: '/api/orders', body: { itemId: 1 } }));
  assert.equal(order.status, 201);
  assert.equal(typeof order.body.id, 'number');
  assert.equal((await post(target, '/api/orders', '{not json')).status, 400);

  assert.equal((await call(target, { method: 'GET', path: '/nope' })).status, 404);
  assert.equal((await call(target, { method: 'POST', path: '/health' })).status, 404);

  assert.deepEqual(target.stats(), {
    total: 10,
    byRoute: {
      health: 1, 'items-list': 1, 'item-get': 3, search: 1, 'order-create': 2, unknown: 2,
      login: 0, me: 0, 'cart-add': 0, 'cart-get': 0, checkout: 0,
    },
    inFlight: 0,
    maxInFlight: 1,
    queued: 0,
    unauthorized: 0,
    loginFailed: 0,
    logins: {},
  });
});

test('the control plane is not counted and resets the counters', async (t) => {
  const target = await demo(t, FAST);
  await call(target, { method: 'GET', path: '/health' });

  assert.deepEqual(await json(fetch(`${target.url}/__demo/knobs`)), { status: 200, body: target.knobs() });
  assert.equal((await post(target, '/__demo/knobs', '{"jitterMs": 1}')).status, 200);
  const stats = await json(fetch(`${target.url}/__demo/stats`));
  assert.deepEqual(stats, { status: 200, body: target.stats() });
  assert.equal(stats.body.total, 1);
  assert.equal(stats.body.byRoute.health, 1);

  const reset = await post(target, '/__demo/stats/reset', '');
  assert.equal(reset.status, 200);
  assert.equal(reset.body.total, 0);
  assert.equal(target.stats().total, 0);
  assert.equal(target.stats().byRoute.health, 0);
});

test('knobs changed at run time take effect, and route overrides win', async (t) => {
  const target = await demo(t, FAST);
  const health = () => call(target, { method: 'GET', path: '/health' }).then((r) => r.status);
  const items = () => call(target, { method: 'GET', path: '/api/items' }).then((r) => r.status);
  assert.equal(await health(), 200);

  const changed = await post(target, '/__demo/knobs', '{"errorRate": 1, "routes": {"items-list": {"errorRate": 0}}}');
  assert.equal(changed.status, 200);
  assert.equal(changed.body.errorRate, 1);
  assert.deepEqual(target.knobs().routes, { 'items-list': { errorRate: 0 } });
  assert.equal(await health(), 500);
  assert.equal(await items(), 200);

  target.set({ errorRate: 0, routes: { 'items-list': { errorRate: 1 } } });
  assert.equal(await health(), 200);
  assert.equal(await items(), 500);
});

test('bad knobs are rejected with a message naming the knob and value', async (t) => {
  const target = await demo(t, FAST);
  const before = target.knobs();

  assert.deepEqual(await post(target, '/__demo/knobs', '{"capacity": 0}'), {
    status: 400,
    body: { error: 'knob capacity = 0 is not valid: expected a positive integer' },
  });
  assert.deepEqual(await post(target, '/__demo/knobs', '{"routes": {"search": {"latencyMs": -1}}}'), {
    status: 400,
    body: { error: 'knob routes.search.latencyMs = -1 is not valid: expected a number of milliseconds >= 0' },
  });
  assert.match((await post(target, '/__demo/knobs', '{"latency": 5}')).body.error, /^unknown knob latency\b/);
  assert.match((await post(target, '/__demo/knobs', '{"routes": {"nope": {}}}')).body.error, /^unknown knob routes\.nope\b/);
  assert.equal((await post(target, '/__demo/knobs', '{oops')).status, 400);
  assert.deepEqual(target.knobs(), before);

  assert.throws(() => target.set({ errorRate: 2 }), { message: 'knob errorRate = 2 is not valid: expected a number from 0 to 1' });
  await assert.rejects(startDemo({ jitterMs: NaN }), { message: /^knob jitterMs = NaN is not valid/ });
});

test('capacity queues requests: 10 requests at capacity 2 and 50 ms take 5 rounds', async (t) => {
  const target = await demo(t, { capacity: 1, latencyMs: 50, jitterMs: 0 });
  // Raised at run time, so the spike also proves a capacity change takes effect.
  assert.equal((await post(target, '/__demo/knobs', '{"capacity": 2}')).status, 200);
  const get = () => call(target, { method: 'GET', path: '/api/items' }).then((r) => r.status);

  const start = performance.now();
  const statuses = await Promise.all(Array.from({ length: 10 }, get));
  const spike = performance.now() - start;
  assert.deepEqual(statuses, Array(10).fill(200));
  assert.ok(spike >= 200, `10 requests through 2 slots took ${spike.toFixed(0)} ms, expected >= 200`);
  assert.deepEqual(
    { ...target.stats(), byRoute: undefined },
    { total: 10, byRoute: undefined, inFlight: 0, maxInFlight: 2, queued: 0, unauthorized: 0, loginFailed: 0, logins: {} },
  );

  // Once the queue has drained, a lone request is back to one service time.
  const one = performance.now();
  await get();
  const after = performance.now() - one;
  assert.ok(after < 150, `a request after the spike took ${after.toFixed(0)} ms`);
});

test('queued requests are served first come, first served', async (t) => {
  const target = await demo(t, { capacity: 1, latencyMs: 20, jitterMs: 0 });
  const finished: string[] = [];
  const send = (name: string) =>
    call(target, { method: 'GET', path: '/api/items' }).then(() => void finished.push(name));

  // Each request is sent only once the previous one is seen at the server, fixing the arrival order.
  const a = send('a');
  await until(() => target.stats().inFlight === 1, 'a being served');
  const b = send('b');
  await until(() => target.stats().queued === 1, 'b queued');
  const c = send('c');
  await until(() => target.stats().queued === 2, 'c queued');
  await Promise.all([a, b, c]);
  assert.deepEqual(finished, ['a', 'b', 'c']);
});

test('errorRate 1 turns every route into a 500 but leaves the control plane alone', async (t) => {
  const target = await demo(t, { ...FAST, errorRate: 1 });
  for (const e of endpoints) {
    assert.equal((await call(target, e)).status, 500, e.name);
  }
  assert.equal((await fetch(`${target.url}/__demo/stats`)).status, 200);
});

test('resetRate 1 drops the connection without a response', async (t) => {
  const target = await demo(t, { ...FAST, resetRate: 1 });
  await assert.rejects(call(target, { method: 'GET', path: '/health' }));
  assert.equal(target.stats().byRoute.health, 1);
});

test('close() resolves promptly with idle keep-alive and mid-request sockets open', async (t) => {
  // Registered first so it runs first: if close() is broken, dropping the
  // client side still lets the server shut down and the test report the failure.
  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  const target = await demo(t, { latencyMs: 10_000, jitterMs: 0, routes: { health: { latencyMs: 0 } } });
  const socketClosed = (req: ClientRequest) =>
    new Promise<void>((resolve) => req.once('socket', (s) => s.once('close', () => resolve())));
  const get = (path: string) => {
    const req = request(`${target.url}${path}`, { agent });
    const closed = socketClosed(req);
    const done = new Promise<number>((resolve, reject) => {
      req.once('response', (res) => res.resume().once('end', () => resolve(res.statusCode!)));
      req.once('error', reject);
    });
    req.end();
    return { closed, done };
  };

  const slow = get('/api/items');
  const slowFailed = assert.rejects(slow.done);
  await until(() => target.stats().inFlight === 1, 'slow request reaching the server');
  const idle = get('/health');
  assert.equal(await idle.done, 200);
  assert.equal(agent.freeSockets[Object.keys(agent.freeSockets)[0]!]?.length, 1, 'one idle keep-alive socket');

  await within(1000, target.close(), 'close()');
  await within(1000, Promise.all([slow.closed, idle.closed, slowFailed]), 'sockets closing');
});

test('CLI: prints the URL, writes the port file, exits 0 on SIGTERM', async () => {
  const portFile = join(mkdtempSync(join(tmpdir(), 'plimsoll-demo-')), 'url');
  const child = runCli('--port-file', portFile, '--latency', '0');
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = await within(
    5000,
    new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))),
    'demo start-up',
  );
  const url = readFileSync(portFile, 'utf8');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(line, `demo target listening on ${url}`);
  assert.equal((await fetch(`${url}/health`)).status, 200);
  child.kill('SIGTERM');
  assert.equal(await within(5000, exited, 'demo shutdown'), 0);
});

test('CLI: a bad flag value is one line on stderr and exit 2', async () => {
  const child = runCli('--capacity', 'abc');
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  // 'close' rather than 'exit': it waits for stderr to be fully read.
  const code = await within(5000, new Promise((resolve) => child.once('close', resolve)), 'demo exit');
  assert.equal(code, 2);
  assert.equal(stderr, 'demo: --capacity "abc" is not valid: expected a positive integer\n');
});
