// Counting semaphore with a FIFO queue: the demo's model of a service with a
// fixed number of workers. Requests beyond the limit wait their turn, so
// latency climbs during a spike and falls back once the queue drains.
export class Semaphore {
  #active = 0;
  #waiters: Array<() => void> = [];

  constructor(private limit: number) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Raising the limit admits queued requests at once; lowering it lets the excess drain. */
  setLimit(limit: number): void {
    this.limit = limit;
    this.#admit();
  }

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#admit();
    });
  }

  release(): void {
    this.#active--;
    this.#admit();
  }

  /** Forget queued requests (on shutdown); their promises never settle and are collected. */
  drop(): void {
    this.#waiters = [];
  }

  #admit(): void {
    while (this.#active < this.limit && this.#waiters.length > 0) {
      this.#active++;
      this.#waiters.shift()!();
    }
  }
}
