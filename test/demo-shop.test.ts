// Tests for the demo target's shop (demo/shop.ts and the shop routes): login,
// tokens, carts, checkout, the requireLogin knob and the test users file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { SHOP_ROUTE_NAMES, type Knobs } from '../demo/knobs';
import { startDemo, type DemoStats, type DemoTarget } from '../demo/server';
import { parseUsers, Sessions } from '../demo/shop';

const FAST: Partial<Knobs> = { latencyMs: 0, jitterMs: 0 };
const USERS_CSV = readFileSync(new URL('../demo/users.csv', import.meta.url), 'utf8');
const endpoints: { method: string; path: string; expect: number; body?: unknown }[] = JSON.parse(
  readFileSync(new URL('../demo/endpoints.json', import.meta.url), 'utf8'),
);

async function demo(t: TestContext, knobs?: Partial<Knobs>): Promise<DemoTarget> {
  const target = await startDemo(knobs);
  t.after(() => target.close());
  return target;
}

/** One request; a string body goes as is, anything else as JSON, and `token` as a bearer token. */
async function call(
  target: DemoTarget,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string } = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(target.url + path, {
    method,
    headers: opts.token === undefined ? {} : { authorization: `Bearer ${opts.token}` },
    ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  return { status: res.status, body: await res.json() };
}

async function login(target: DemoTarget, username: string, password: string): Promise<string> {
  const res = await call(target, 'POST', '/login', { body: { username, password } });
  assert.equal(res.status, 200, `login as ${username}: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

async function itemOf(target: DemoTarget, id: number): Promise<{ id: number; name: string; priceCents: number }> {
  return (await call(target, 'GET', `/api/items/${id}`)).body;
}

const shopCounts = (stats: DemoStats) => Object.fromEntries(SHOP_ROUTE_NAMES.map((name) => [name, stats.byRoute[name]]));

test('login: the right password gets a new token each time, a wrong one 401 counted as loginFailed', async (t) => {
  const target = await demo(t, FAST);
  const first = await login(target, 'shopper-1', 'pw-1');
  const second = await login(target, 'shopper-1', 'pw-1');
  assert.match(first, /^[\w-]{20,}$/);
  assert.notEqual(first, second);
  // Both stay valid: concurrent VUs may log in as the same user.
  for (const token of [first, second]) {
    assert.deepEqual(await call(target, 'GET', '/api/me', { token }), { status: 200, body: { username: 'shopper-1' } });
  }

  const refused = { status: 401, body: { error: 'wrong username or password' } };
  assert.deepEqual(await call(target, 'POST', '/login', { body: { username: 'shopper-1', password: 'pw-2' } }), refused);
  assert.deepEqual(await call(target, 'POST', '/login', { body: { username: 'nobody', password: 'pw-1' } }), refused);

  for (const body of ['{oops', '[1]', { username: 'shopper-1' }, { username: 1, password: 'pw-1' }]) {
    const res = await call(target, 'POST', '/login', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(typeof res.body.error, 'string');
  }

  const stats = target.stats();
  assert.equal(stats.byRoute.login, 8);
  assert.equal(stats.byRoute.me, 2);
  assert.equal(stats.loginFailed, 2);
  assert.equal(stats.unauthorized, 0);
});

test('the shop routes answer 401 without a token from /login, counted as unauthorized until a reset', async (t) => {
  const target = await demo(t, FAST);
  const token = await login(target, 'shopper-1', 'pw-1');
  const shopCalls = [
    ['GET', '/api/me', undefined],
    ['POST', '/api/cart', { itemId: 1, quantity: 1 }],
    ['GET', '/api/cart', undefined],
    ['POST', '/api/checkout', undefined],
  ] as const;
  const missing = { status: 401, body: { error: 'log in first: missing or unknown bearer token' } };

  for (const [method, path, body] of shopCalls) {
    assert.deepEqual(await call(target, method, path, { body }), missing, `${method} ${path} without a token`);
    assert.deepEqual(await call(target, method, path, { body, token: 'made-up' }), missing, `${method} ${path}`);
    // The token alone, without the Bearer scheme, is not accepted either.
    const bare = await fetch(target.url + path, { method, headers: { authorization: token } });
    assert.equal(bare.status, 401, `${method} ${path} with a bare token`);
  }
  // None of the refused requests reached the cart.
  assert.deepEqual(await call(target, 'GET', '/api/cart', { token }), { status: 200, body: { items: [], totalCents: 0 } });

  const stats = await call(target, 'GET', '/__demo/stats');
  assert.deepEqual(stats.body, target.stats());
  assert.equal(stats.body.unauthorized, 12);
  assert.equal(stats.body.loginFailed, 0);
  assert.deepEqual(shopCounts(stats.body), { login: 1, me: 3, 'cart-add': 3, 'cart-get': 4, checkout: 3 });

  await call(target, 'POST', '/login', { body: { username: 'shopper-1', password: 'wrong' } });
  assert.equal(target.stats().loginFailed, 1);
  const reset = await call(target, 'POST', '/__demo/stats/reset');
  assert.equal(reset.body.unauthorized, 0);
  assert.equal(reset.body.loginFailed, 0);
  assert.deepEqual(shopCounts(reset.body), { login: 0, me: 0, 'cart-add': 0, 'cart-get': 0, checkout: 0 });
});

test('cart and checkout: lines add up per user, checkout charges the total and empties the cart', async (t) => {
  const target = await demo(t, FAST);
  const [alice, aliceAgain, bob] = [
    await login(target, 'shopper-1', 'pw-1'),
    await login(target, 'shopper-1', 'pw-1'),
    await login(target, 'shopper-2', 'pw-2'),
  ];
  const [i1, i42] = [await itemOf(target, 1), await itemOf(target, 42)];
  const [p1, p42] = [i1.priceCents, i42.priceCents];
  const add = (token: string, body: unknown) => call(target, 'POST', '/api/cart', { token, body });

  const one = await add(alice, { itemId: 1, quantity: 2 });
  assert.equal(one.status, 201);
  assert.deepEqual(one.body, { items: [{ ...i1, quantity: 2 }], totalCents: 2 * p1 });
  // The cart is the user's, so another token of the same user fills the same cart.
  await add(aliceAgain, { itemId: 42, quantity: 1 });
  const three = await add(alice, { itemId: 1, quantity: 1 });
  assert.deepEqual(three.body, { items: [{ ...i1, quantity: 3 }, { ...i42, quantity: 1 }], totalCents: 3 * p1 + p42 });

  assert.deepEqual(await add(alice, { itemId: 1001, quantity: 1 }), { status: 404, body: { error: 'no item 1001' } });
  const badQuantities = [0, 100, 1.5].map((quantity) => ({ itemId: 1, quantity }));
  for (const body of ['{oops', { itemId: '1', quantity: 1 }, { itemId: 1 }, ...badQuantities]) {
    assert.equal((await add(alice, body)).status, 400, JSON.stringify(body));
  }
  assert.deepEqual(await call(target, 'GET', '/api/cart', { token: aliceAgain }), { status: 200, body: three.body });
  assert.deepEqual((await call(target, 'GET', '/api/cart', { token: bob })).body, { items: [], totalCents: 0 });

  const order = await call(target, 'POST', '/api/checkout', { token: alice });
  assert.equal(order.status, 201);
  assert.equal(order.body.totalCents, 3 * p1 + p42);
  assert.equal(typeof order.body.orderId, 'number');
  assert.deepEqual((await call(target, 'GET', '/api/cart', { token: alice })).body, { items: [], totalCents: 0 });
  assert.deepEqual(await call(target, 'POST', '/api/checkout', { token: aliceAgain }), {
    status: 409,
    body: { error: 'cart is empty' },
  });

  await add(bob, { itemId: 42, quantity: 2 });
  const bobs = await call(target, 'POST', '/api/checkout', { token: bob });
  assert.equal(bobs.body.totalCents, 2 * p42);
  assert.notEqual(bobs.body.orderId, order.body.orderId);
});

test('requireLogin: off, the catalogue is public; on, every /api route needs a token from /login', async (t) => {
  const target = await demo(t, FAST);
  const answer = async (e: (typeof endpoints)[number], token?: string) =>
    (await call(target, e.method, e.path.replace('{id}', '7'), { body: e.body, token })).status;
  const answers = (token?: string) => Promise.all(endpoints.map((e) => answer(e, token)));
  const expected = endpoints.map((e) => e.expect);
  const locked = endpoints.map((e) => (e.path.startsWith('/api/') ? 401 : e.expect));
  assert.ok(locked.includes(401) && locked.includes(200), 'endpoints.json has routes on both sides');

  assert.equal(target.knobs().requireLogin, false);
  assert.deepEqual(await answers(), expected);
  assert.equal(target.stats().unauthorized, 0);

  assert.equal((await call(target, 'POST', '/__demo/knobs', { body: { requireLogin: true } })).body.requireLogin, true);
  assert.deepEqual(await answers(), locked);
  assert.deepEqual(await answers('made-up'), locked);
  assert.equal(target.stats().unauthorized, 2 * locked.filter((s) => s === 401).length);
  const token = await login(target, 'shopper-3', 'pw-3');
  assert.deepEqual(await answers(token), expected);

  target.set({ requireLogin: false });
  assert.deepEqual(await answers(), expected);

  const lockedAtStart = await demo(t, { ...FAST, requireLogin: true });
  assert.equal((await call(lockedAtStart, 'GET', '/api/items')).status, 401);
  assert.deepEqual(await call(target, 'POST', '/__demo/knobs', { body: { requireLogin: 'yes' } }), {
    status: 400,
    body: { error: 'knob requireLogin = "yes" is not valid: expected true or false' },
  });
});

test('authToken still guards every route; a token from /login passes it too', async (t) => {
  const target = await demo(t, { ...FAST, authToken: 'ops-token' });
  const credentials = { username: 'shopper-4', password: 'pw-4' };
  const gated = { status: 401, body: { error: 'missing or wrong bearer token' } };

  assert.deepEqual(await call(target, 'POST', '/login', { body: credentials }), gated);
  const res = await call(target, 'POST', '/login', { body: credentials, token: 'ops-token' });
  assert.equal(res.status, 200);
  const token: string = res.body.token;

  assert.equal((await call(target, 'GET', '/api/items', { token })).status, 200);
  assert.equal((await call(target, 'GET', '/api/me', { token })).status, 200);
  // authToken names no user, so the shop's own routes still refuse it.
  assert.equal((await call(target, 'GET', '/api/me', { token: 'ops-token' })).status, 401);
  assert.equal(target.stats().unauthorized, 2);
  assert.equal(target.stats().loginFailed, 0);
});

test('per-route knobs reach every shop route: an override slows down or fails exactly that step', async (t) => {
  const target = await demo(t, FAST);
  for (const name of SHOP_ROUTE_NAMES) {
    assert.equal((await call(target, 'POST', '/__demo/knobs', { body: { routes: { [name]: {} } } })).status, 200, name);
  }
  const changed = await call(target, 'POST', '/__demo/knobs', {
    body: { routes: { checkout: { latencyMs: 300 }, 'cart-get': { errorRate: 1 } } },
  });
  assert.equal(changed.status, 200);

  const token = await login(target, 'shopper-5', 'pw-5');
  const journey = {
    me: () => call(target, 'GET', '/api/me', { token }),
    'cart-add': () => call(target, 'POST', '/api/cart', { token, body: { itemId: 3, quantity: 1 } }),
    'cart-get': () => call(target, 'GET', '/api/cart', { token }),
    checkout: () => call(target, 'POST', '/api/checkout', { token }),
  };
  const statuses: Record<string, number> = {};
  const ms: Record<string, number> = {};
  for (const [name, step] of Object.entries(journey)) {
    const start = performance.now();
    statuses[name] = (await step()).status;
    ms[name] = performance.now() - start;
  }
  assert.deepEqual(statuses, { me: 200, 'cart-add': 201, 'cart-get': 500, checkout: 201 });
  // 1 ms of slack: the server's timer counts from its event loop's millisecond clock.
  assert.ok(ms.checkout! >= 299, `checkout took ${ms.checkout!.toFixed(0)} ms, expected >= 300`);
  for (const name of ['me', 'cart-add', 'cart-get']) assert.ok(ms[name]! < 150, `${name} took ${ms[name]!.toFixed(0)} ms`);
});

test('demo/users.csv holds 200 users with their own passwords, and every one can log in', async (t) => {
  const [header, ...rows] = USERS_CSV.trimEnd().split('\n');
  assert.equal(header, 'username,password');
  const users = rows.map((row) => row.split(','));
  assert.equal(users.length, 200);
  assert.ok(users.every((u) => u.length === 2 && /^shopper-\d+$/.test(u[0]!)), 'shopper-<n>,<password> rows');
  assert.equal(new Set(users.map((u) => u[0])).size, 200, 'unique usernames');
  assert.equal(new Set(users.map((u) => u[1])).size, 200, 'a password each');

  const target = await demo(t, FAST);
  const tokens = await Promise.all(users.map(([username, password]) => login(target, username!, password!)));
  assert.equal(new Set(tokens).size, 200);
  const me = await Promise.all(tokens.map(async (token) => (await call(target, 'GET', '/api/me', { token })).body.username));
  assert.deepEqual(me, users.map((u) => u[0]));
});

test('parseUsers takes CRLF and rejects a wrong header, a malformed row and a duplicate user', () => {
  assert.deepEqual(parseUsers('username,password\r\na,1\r\nb,2\r\n'), new Map([['a', '1'], ['b', '2']]));
  const fails = (csv: string, message: string) => assert.throws(() => parseUsers(csv), { message }, JSON.stringify(csv));
  fails('user,pass\na,1\n', 'users.csv: expected the header username,password, got "user,pass"');
  fails('username,password\na,1\nb\n', 'users.csv line 3: expected username,password');
  fails('username,password\na,1,x\n', 'users.csv line 2: expected username,password');
  fails('username,password\na,1\n\nb,2\n', 'users.csv line 3: expected username,password');
  fails('username,password\na,1\na,2\n', 'users.csv line 3: duplicate user a');
});

test('Sessions keeps at most its limit of tokens, dropping the oldest', () => {
  const sessions = new Sessions(2);
  const [first, second, third] = [sessions.open('a'), sessions.open('a'), sessions.open('b')];
  assert.deepEqual([first, second, third].map((token) => sessions.userOf(token)), [undefined, 'a', 'b']);
});
