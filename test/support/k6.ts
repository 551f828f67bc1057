// The real k6 for end-to-end tests. No k6, no pass: a missing binary fails every test that needs it.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PINNED = /^k6 v2\.2\.0 /;

function findK6(): string {
  const k6 = process.env.K6;
  if (!k6) throw new Error('K6 is not set: run the tests with `make test`, which installs the pinned k6 and sets K6');
  const version = execFileSync(k6, ['version'], { encoding: 'utf8' });
  if (!PINNED.test(version)) throw new Error(`K6=${k6} is ${version.trim()}, not the pinned k6 v2.2.0`);
  return k6;
}

export const K6 = findK6();

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to completion, killing it after `timeoutMs` so no test can hang. */
export function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 120_000, cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `k6 run dist/<scenario>.js` with the given environment, results written into a fresh folder. */
export async function k6Run(scenario: string, env: Record<string, string>) {
  const resultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  const result = await run(K6, ['run', '--quiet', `dist/${scenario}.js`], { RESULTS_DIR: resultsDir, ...env });
  const read = (file: string) => JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  return { ...result, resultsDir, read };
}

/** `make <profile>` as a user runs it (plimsoll run), with results in a fresh folder. */
export async function runProfile(profile: string, env: Record<string, string>, timeoutMs = 120_000) {
  const resultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  const result = await run('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', profile], { K6, RESULTS_DIR: resultsDir, ...env }, timeoutMs);
  const read = (file: string) => JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  return { ...result, resultsDir, read };
}

/** Write a JSON file (an SLA, an endpoint list) into a fresh folder and return its path. */
export function jsonFile(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'plimsoll-')), name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}
