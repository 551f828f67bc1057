import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from '../lib/config/redact';

test('credentials and token-like query values are masked; the rest is kept', () => {
  assert.equal(redactUrl('https://alice:s3cret@api.example.com/v1'), 'https://***@api.example.com/v1');
  assert.equal(redactUrl('https://api.example.com/v1?access_token=abc&page=2&api_key=k&X-Amz-Signature=z'), 'https://api.example.com/v1?access_token=***&page=2&api_key=***&X-Amz-Signature=***');
  assert.equal(redactUrl('http://127.0.0.1:8080/health'), 'http://127.0.0.1:8080/health');
  assert.equal(redactUrl('http://127.0.0.1:8080/search?q=hull'), 'http://127.0.0.1:8080/search?q=hull');
});

test('a settings error never echoes a secret', async () => {
  const { parseSettings } = await import('../lib/config/settings');
  assert.deepEqual(parseSettings({}, { TARGET: 'http://ops:hunter2@127.0.0.1:8080', TIME_SCALE: 'x' }), {
    ok: false,
    error: "TIME_SCALE='x' is not valid: expected a number greater than 0",
  });
  const bad = parseSettings({}, { TARGET: 'ftp://ops:hunter2@host' });
  assert.equal(bad.ok, false);
  assert.ok(!JSON.stringify(bad).includes('hunter2'));
  assert.equal(parseSettings({}, { TARGET: 'http://ops:hunter2@127.0.0.1:8080' }).ok, true);
});
