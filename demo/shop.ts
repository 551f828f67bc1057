// The shop's users and sessions: who may log in, and which user each token
// handed out by /login stands for.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const HEADER = 'username,password';

/** username → password from demo/users.csv, which is also meant to feed users to load-test scenarios. */
export async function loadUsers(): Promise<Map<string, string>> {
  return parseUsers(await readFile(new URL('./users.csv', import.meta.url), 'utf8'));
}

/** Plain CSV with a `username,password` header; a bad line fails start-up rather than a login mid-test. */
export function parseUsers(csv: string): Map<string, string> {
  const [header, ...rows] = csv.replace(/\r?\n$/, '').split(/\r?\n/);
  if (header !== HEADER) throw new Error(`users.csv: expected the header ${HEADER}, got ${JSON.stringify(header)}`);
  const users = new Map<string, string>();
  rows.forEach((row, i) => {
    const [username, password, extra] = row.split(',');
    const where = `users.csv line ${i + 2}`;
    if (!username || !password || extra !== undefined) throw new Error(`${where}: expected username,password`);
    if (users.has(username)) throw new Error(`${where}: duplicate user ${username}`);
    users.set(username, password);
  });
  return users;
}

/**
 * At most 100,000 live tokens (about 15 MB); past that, each login drops the
 * oldest token, so a soak test cannot grow memory without bound. At 1,000
 * logins a second a token still lives for over a minute and a half.
 */
export const MAX_SESSIONS = 100_000;

export class Sessions {
  // A Map iterates in insertion order, so its first key is the oldest token.
  #userOf = new Map<string, string>();

  constructor(private readonly limit = MAX_SESSIONS) {}

  /** A new token for `username`; earlier tokens of the same user stay valid (several VUs may share a user). */
  open(username: string): string {
    if (this.#userOf.size >= this.limit) this.#userOf.delete(this.#userOf.keys().next().value!);
    const token = randomBytes(24).toString('base64url');
    this.#userOf.set(token, username);
    return token;
  }

  userOf(token: string): string | undefined {
    return this.#userOf.get(token);
  }
}
