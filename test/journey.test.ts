import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runEndpoints, type Endpoint } from '../lib/journey/endpoints';
import { endpointJourney } from '../lib/journey/endpoint-journey';
import { parseEndpoints } from '../lib/journey/endpoint-list';

test('the demo endpoint list parses, with defaults filled in', () => {
  const r = parseEndpoints('demo/endpoints.json', JSON.parse(readFileSync('demo/endpoints.json', 'utf8')));
  assert.ok(r.ok, !r.ok ? r.error : '');
  assert.ok(r.endpoints.length >= 5);
  for (const e of r.endpoints) assert.ok(e.weight > 0 && e.expect! >= 100 && e.method);
  // Without `expect`, a step's default (any 2xx or 3xx): no status is filled in.
  const plain = parseEndpoints('api.json', [{ name: 'a' }]);
  assert.ok(plain.ok);
  assert.deepEqual(plain.endpoints[0], { name: 'a', method: 'GET', path: '', weight: 1 });
});

test('bad endpoint lists give one line naming the file and the problem', () => {
  const bad = (text: string) => {
    const r = parseEndpoints('api.json', JSON.parse(text));
    assert.equal(r.ok, false);
    return (r as { error: string }).error;
  };
  assert.equal(bad('{"name":"a"}'), "ENDPOINTS='api.json': the list is not valid: expected a value of type array");
  assert.equal(bad('[]'), "ENDPOINTS='api.json': the list is not valid: expected at least one endpoint");
  assert.match(bad('[{"name":"a b","path":"/"}]'), /^ENDPOINTS='api.json': 0\.name is not valid: expected a name of letters/);
  assert.match(bad('[{"name":"a","path":"nope"}]'), /^ENDPOINTS='api.json': 0\.path is not valid: expected a path starting with "\/"/);
  assert.equal(bad('[{"name":"a"},{"name":"a"}]'), "ENDPOINTS='api.json': endpoint name 'a' appears twice; names must be unique");
});

/** The endpoint journey's requests for these draws of Math.random, through a session that records them. */
const walk = (list: Endpoint[], draws: number[]) => {
  const sent: string[] = [];
  const record = (method: string) => (name: string, path: string) => void sent.push(`${method} ${name} ${path}`);
  const session = { get: record('GET'), request: (method: string, name: string, path: string) => record(method)(name, path) };
  const random = Math.random;
  let i = 0;
  Math.random = () => draws[i++]!;
  try {
    const ctx = { data: undefined, row: {}, metrics: {}, endpoints: runEndpoints(list) };
    for (let n = 0; n < draws.length && i < draws.length; n++) endpointJourney.iteration(session as never, ctx);
  } finally {
    Math.random = random;
  }
  return sent;
};

test('the endpoint journey honours weights exactly over a uniform grid', () => {
  const list: Endpoint[] = [
    { name: 'a', method: 'GET', path: '/a', weight: 1 },
    { name: 'b', method: 'POST', path: '/b', weight: 3, body: '{}' },
    { name: 'c', method: 'GET', path: '/c', weight: 6 },
  ];
  assert.deepEqual(runEndpoints(list).map((e) => e.upTo), [0.1, 0.4, 1]);
  const counts: Record<string, number> = {};
  for (const r of walk(list, Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000))) counts[r] = (counts[r] ?? 0) + 1;
  assert.deepEqual(counts, { 'GET a /a': 100, 'POST b /b': 300, 'GET c /c': 600 });
  assert.deepEqual(walk(list, [0.9999999]), ['GET c /c']);
});

test('ids fill the path, the name stays stable; a list of one draws nothing for its pick', () => {
  const one = (path: string): Endpoint[] => [{ name: 'item', method: 'GET', path, weight: 1 }];
  assert.deepEqual(walk(one('/api/items/{id}'), [0]), ['GET item /api/items/1']);
  assert.deepEqual(walk(one('/api/items/{id}/x/{id}'), [0.9999]), ['GET item /api/items/1000/x/1000']);
  assert.deepEqual(walk(one('/health'), []), []);
  assert.deepEqual(runEndpoints(one('/health')), [{ name: 'item', method: 'GET', path: '/health', weight: 1, upTo: 1, get: true }]);
});
