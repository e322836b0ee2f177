import { cellText, safeText, unescapeText } from "../../../src/import/cell-text";
import { headerKey, columnForHeader, columnLetter } from "../../../src/import/columns";
import { progressBar, renderProgress } from "../../../src/cli/progress";

describe("formula-injection protection", () => {
  test.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+45 20 12 34 56", "'+45 20 12 34 56"],
    ["-1", "'-1"],
    ["@cmd", "'@cmd"],
    ["\tTab", "'\tTab"],
    ["\rCR", "'\rCR"],
    ["Sales", "Sales"],
    ["'t Hart", "'t Hart"],
  ])("safeText(%j) → %j, and reading it back gives the original", (value, written) => {
    expect(safeText(value)).toBe(written);
    expect(unescapeText(written)).toBe(value);
  });
});

describe("cell values where text is expected", () => {
  test.each<[unknown, unknown]>([
    ["alice", { kind: "text", text: "alice", fromNumber: false }],
    [4520123456, { kind: "text", text: "4520123456", fromNumber: true }],
    [1e21, { kind: "text", text: "1000000000000000000000", fromNumber: true }],
    [12.5, { kind: "text", text: "12.5", fromNumber: true }],
    [new Date(Date.UTC(2024, 0, 31)), { kind: "problem", problem: "date", shown: "2024-01-31" }],
    [true, { kind: "problem", problem: "boolean", shown: "TRUE" }],
    [
      { formula: "A1+1", result: 2 },
      { kind: "problem", problem: "formula", shown: "=A1+1" },
    ],
    [
      { sharedFormula: "B2", result: 3 },
      { kind: "problem", problem: "formula", shown: "=B2" },
    ],
    [{ error: "#N/A" }, { kind: "problem", problem: "error", shown: "#N/A" }],
    [{ richText: [{ text: "Ali" }, { text: "ce" }] }, { kind: "text", text: "Alice", fromNumber: false }],
    [
      { text: "bob@example.com", hyperlink: "mailto:bob@example.com" },
      { kind: "text", text: "bob@example.com", fromNumber: false },
    ],
    [null, { kind: "empty" }],
    ["", { kind: "empty" }],
  ])("%j → %j", (value, expected) => {
    expect(cellText(value)).toEqual(expected);
  });
});

describe("headers", () => {
  test("case, spacing, the required mark and aliases do not matter", () => {
    expect(headerKey(" First  Name * ")).toBe("firstname");
    expect(columnForHeader("E-mail")?.key).toBe("email");
    expect(columnForHeader("PERMISSION TYPE (required)")?.key).toBe("permissionTypes");
    expect(columnForHeader("Salary")).toBeUndefined();
  });
  test("column letters", () => {
    expect([0, 25, 26, 51, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA"]);
  });
});

test("the progress line shows rows, rows/s and the time left", () => {
  const startedAt = new Date("2024-01-01T00:00:00Z");
  const line = renderProgress(
    { processedRows: 25_000, totalRows: 100_000, startedAt },
    new Date("2024-01-01T00:00:10Z"),
    20,
  );
  expect(line).toBe("[#####---------------]  25% 25,000/100,000 rows  2,500 rows/s  ETA 0:30");
});

test("on a terminal a note shows until the bar replaces it; off a terminal nothing is written", () => {
  const written: string[] = [];
  const terminal = {
    isTTY: true,
    write: (text: string) => written.push(text),
  } as unknown as NodeJS.WriteStream;
  const bar = progressBar(terminal);
  bar.note("Checking users.xlsx (5.1 MB)…");
  bar.update({ processedRows: 1_000, totalRows: 2_000, startedAt: new Date(Date.now() - 1_000) });
  bar.done();
  expect(written[0]).toBe("\rChecking users.xlsx (5.1 MB)…\x1b[K");
  expect(written[1]?.startsWith("\r[############------------]  50% 1,000/2,000 rows")).toBe(true);
  expect(written[1]?.endsWith("\x1b[K")).toBe(true);
  expect(written[2]).toBe("\n");

  const piped: string[] = [];
  const pipe = { isTTY: false, write: (text: string) => piped.push(text) } as unknown as NodeJS.WriteStream;
  const quiet = progressBar(pipe);
  quiet.note("Checking");
  quiet.update({ processedRows: 1, totalRows: 1, startedAt: new Date() });
  quiet.done();
  expect(piped).toEqual([]);
});
