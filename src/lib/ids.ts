import { randomFillSync } from "node:crypto";

/**
 * Ids are generated in the application (portable across SQLite and MySQL, known before insert).
 * They are UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. New rows
 * then land at the end of every index keyed by id instead of on random pages, so a transaction
 * dirties (and a commit writes) far fewer pages — bulk imports and SCIM writes spent much of their
 * time committing pages that random ids had scattered. Ids are not secrets: bearer values come
 * from `randomToken`.
 */
export function newId(): string {
  const random = randomBytes10();
  const id = Buffer.allocUnsafe(16);
  id.writeUIntBE(Date.now(), 0, 6); // unix_ts_ms
  id[6] = 0x70 | ((random[0] as number) & 0x0f); // version 7, rand_a
  id[7] = random[1] as number;
  id[8] = 0x80 | ((random[2] as number) & 0x3f); // variant 10, rand_b
  random.copy(id, 9, 3, 10);
  const hex = id.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Random bytes from a refilled pool: one syscall per 409 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let offset = pool.length;
function randomBytes10(): Buffer {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + 10);
  offset += 10;
  return slice;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return UUID.test(value);
}
