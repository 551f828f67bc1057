// A loopback InfluxDB 1.x (Debian's `influxd`) with its own config and data folder, for `make influx`
// and for tests. Nothing else on the machine is touched: the RPC and HTTP ports both bind 127.0.0.1.
//
//   node --import tsx live/influxd.ts start [--port 8086] [--dir .state/influxdb]   (detached; pid file in dir)
//   node --import tsx live/influxd.ts stop  [--dir .state/influxdb]
//   node --import tsx live/influxd.ts status [--dir .state/influxdb]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { InfluxClient } from './influx';

export const INFLUXD = process.env.INFLUXD || 'influxd';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** A free TCP port on loopback (the OS picks it; closed again before influxd binds it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * influxd's config: everything under `dir`, both listeners on loopback, no usage reporting, no
 * _internal monitor database (it would compete with the load test for the same disk and CPU).
 */
export function influxConfig(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  # The default: a URL-per-tag mistake fails loudly (k6 #1013) instead of filling the disk.
  max-values-per-tag = 100000

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[continuous_queries]
  enabled = false

[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  # k6 batches a whole push interval into one write; keep InfluxDB's limit explicit.
  max-body-size = 25000000

[logging]
  level = "warn"
`;
}

/** The version line of the influxd binary; throws with a clear message when it is missing. */
export function influxdVersion(bin = INFLUXD): string {
  const r = spawnSync(bin, ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`influxd not found (${bin}): install Debian's package with 'apt-get install influxdb influxdb-client', or set INFLUXD=/path/to/influxd`);
  }
  return r.stdout.trim();
}

/** Poll `condition` every `everyMs` until it holds, or throw `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface Influxd {
  url: string;
  port: number;
  pid: number;
  dir: string;
  client: InfluxClient;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start influxd on 127.0.0.1 with its config and data in `dir`; resolves once /ping answers.
 * `detached` leaves it running after this process exits (make influx); otherwise it is a child.
 */
export async function startInfluxd(opts: { dir: string; port?: number; detached?: boolean; db?: string }): Promise<Influxd> {
  influxdVersion();
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  let rpcPort = await freePort();
  while (rpcPort === port) rpcPort = await freePort();
  const configPath = join(dir, 'influxdb.conf');
  writeFileSync(configPath, influxConfig(dir, port, rpcPort));

  const logPath = join(dir, 'influxd.log');
  const log = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(INFLUXD, ['run', '-config', configPath], { stdio: ['ignore', log, log], detached: opts.detached ?? false });
  } finally {
    closeSync(log);
  }
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `influxd exited (${code ?? signal}) before it answered: see ${logPath}`));
  child.once('error', (e) => (exited = `cannot start influxd: ${e.message}`));
  if (opts.detached) child.unref();

  const url = `http://127.0.0.1:${port}`;
  const client = new InfluxClient(url);
  try {
    await waitFor(`influxd to answer on ${url}/ping`, async () => {
      if (exited) throw new Error(exited + tail(logPath));
      return client.ping();
    }, START_TIMEOUT_MS);
    if (opts.db) await client.createDatabase(opts.db);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const pid = child.pid!;
  writeFileSync(join(dir, 'influxd.pid'), `${pid} ${port}\n`);
  return { url, port, pid, dir, client, stop: () => stopPid(pid, dir) };
}

function tail(path: string): string {
  if (!existsSync(path)) return '';
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return '\n' + lines.slice(-5).join('\n');
}

async function stopPid(pid: number, dir: string): Promise<void> {
  if (alive(pid)) {
    process.kill(pid, 'SIGTERM');
    try {
      await waitFor(`influxd (pid ${pid}) to stop`, () => !alive(pid), STOP_TIMEOUT_MS);
    } catch {
      process.kill(pid, 'SIGKILL');
      await waitFor(`influxd (pid ${pid}) to die`, () => !alive(pid), STOP_TIMEOUT_MS);
    }
  }
  rmSync(join(dir, 'influxd.pid'), { force: true });
}

/** The pid and port recorded by `start` in `dir`, if that influxd still runs. */
export function runningIn(dir: string): { pid: number; port: number } | undefined {
  const file = join(resolve(dir), 'influxd.pid');
  if (!existsSync(file)) return undefined;
  const [pid, port] = readFileSync(file, 'utf8').trim().split(' ').map(Number);
  if (!pid || !port || !alive(pid)) return undefined;
  // A recycled pid is not ours: only trust it if that process is an influxd.
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : 'influxd';
  return cmdline.includes('influxd') ? { pid, port } : undefined;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const dir = resolve(flag('dir') ?? '.state/influxdb');
  const say = (line: string) => console.log(`plimsoll: ${line}`);
  if (command === 'start') {
    const port = Number(flag('port') ?? process.env.INFLUX_PORT ?? 8086);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port '${flag('port')}' is not valid: expected a TCP port`);
    const running = runningIn(dir);
    if (running) return say(`InfluxDB already runs at http://127.0.0.1:${running.port} (pid ${running.pid}, data in ${dir})`);
    const influx = await startInfluxd({ dir, port, detached: true, db: 'k6' });
    say(`InfluxDB runs at ${influx.url} (pid ${influx.pid}, data in ${dir}); stream a run with: make spike OUT=influxdb INFLUX_URL=${influx.url}/k6`);
  } else if (command === 'stop') {
    const running = runningIn(dir);
    if (!running) return say(`no InfluxDB runs from ${dir}`);
    await stopPid(running.pid, dir);
    say(`stopped InfluxDB (pid ${running.pid})`);
  } else if (command === 'status') {
    const running = runningIn(dir);
    say(running ? `InfluxDB runs at http://127.0.0.1:${running.port} (pid ${running.pid})` : `no InfluxDB runs from ${dir}`);
    if (!running) process.exitCode = 3;
  } else {
    throw new Error(`expected start, stop or status, not '${command ?? ''}'`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`plimsoll: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
