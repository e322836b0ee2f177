import { SharedStrings } from "../../../src/import/shared-strings";

/** Feeds the handler the events the XML parser gives for `<si><t>text</t></si>`. */
function add(table: SharedStrings, ...pieces: string[]): void {
  table.open("si");
  for (const piece of pieces) {
    table.open("t");
    table.text(piece);
    table.close("t");
  }
  table.close("si");
}

describe("the shared strings table", () => {
  test("every string comes back by its index, across the joined chunks and the pending tail", () => {
    const table = new SharedStrings();
    // Lengths 0 to 40 (empty strings, short ones V8 copies, long ones it slices), 2,500 of them:
    // two full chunks of 1,024 and a tail not yet joined.
    const expected = Array.from({ length: 2500 }, (_, i) => `${i}:`.padEnd(i % 41, "é").slice(0, i % 41));
    for (const text of expected) add(table, text);
    expect(table.length).toBe(2500);
    expect(Array.from({ length: 2500 }, (_, i) => table.at(i))).toEqual(expected);
  });

  test("rich-text runs are joined; phonetic runs are not text; escapes are decoded", () => {
    const table = new SharedStrings();
    add(table, "Ada ", "Lovelace");
    table.open("si");
    table.open("t");
    table.text("山田");
    table.close("t");
    table.open("rPh");
    table.open("t");
    table.text("やまだ");
    table.close("t");
    table.close("rPh");
    table.close("si");
    add(table, "Line_x000D_break");
    expect([table.at(0), table.at(1), table.at(2)]).toEqual(["Ada Lovelace", "山田", "Line\rbreak"]);
  });

  test("an index that is not a string's is undefined (negative, past the end, not an integer)", () => {
    const table = new SharedStrings();
    add(table, "only");
    expect([table.at(-1), table.at(1), table.at(0.5), table.at(Number.NaN)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
