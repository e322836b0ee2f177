import type { EntityManager } from "typeorm";
import type { WithTransaction } from "../db";

type Work = (tx: EntityManager) => Promise<unknown>;
interface Pending {
  work: Work;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the dispatcher's small writes: whatever is submitted while a transaction is
 * running goes into the next one together. With 16 sends in flight this turns ~16 commits (each
 * an fsync on MySQL, a queued turn on SQLite) into one, which is most of the dispatcher's cost
 * after the send itself (docs/PERFORMANCE.md). A failed group is retried one write at a time,
 * so one bad write never fails the others.
 */
export function groupCommit(withTransaction: WithTransaction) {
  let waiting: Pending[] = [];
  let running = false;

  const runAlone = (p: Pending) => withTransaction((tx) => p.work(tx)).then(p.resolve, p.reject);

  async function flush(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const results = await withTransaction(async (tx) => {
          const out: unknown[] = [];
          for (const p of group) out.push(await p.work(tx));
          return out;
        });
        group.forEach((p, i) => p.resolve(results[i]));
      } catch (error) {
        if (group.length === 1) group[0]?.reject(error);
        else await Promise.all(group.map(runAlone));
      }
    }
    running = false;
  }

  return function submit<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!running) void flush();
    });
  };
}
