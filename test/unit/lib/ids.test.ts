import { isId, newId } from "../../../src/lib/ids";

/** Ids are UUIDv7 (RFC 9562 §5.7): time-ordered, so new rows append to indexes keyed by id. */
test("newId gives distinct UUIDv7s whose leading 48 bits are the creation time in ms", () => {
  const before = Date.now();
  const ids = Array.from({ length: 5000 }, newId);
  const after = Date.now();
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    expect(isId(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, "").slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  }
  // Sorted by their time prefix in the order they were made.
  const prefixes = ids.map((id) => id.slice(0, 13));
  expect([...prefixes].sort()).toEqual(prefixes);
});
