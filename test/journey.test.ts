import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { weightedPicker, fillPath } from '../lib/journey/endpoints';
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

test('weighted picker honours weights exactly over a uniform grid', () => {
  const pick = weightedPicker([{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }, { id: 'c', weight: 6 }]);
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 1000; i++) counts[pick((i + 0.5) / 1000).id]!++;
  assert.deepEqual(counts, { a: 100, b: 300, c: 600 });
  assert.equal(pick(0.9999999).id, 'c');
});

test('ids fill the path, the name stays stable', () => {
  assert.equal(fillPath('/api/items/{id}', 0), '/api/items/1');
  assert.equal(fillPath('/api/items/{id}/x/{id}', 0.9999), '/api/items/1000/x/1000');
  assert.equal(fillPath('/health', 0.5), '/health');
});
