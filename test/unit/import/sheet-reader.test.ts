import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { importLimits } from "../../../src/import";
import { cellText, type CellText } from "../../../src/import/cell-text";
import { inspectXlsx } from "../../../src/import/inspect";
import { readSheetRows } from "../../../src/import/row-reader";
import { RowStore } from "../../../src/import/row-store";
import { SheetParser } from "../../../src/import/sheet-reader";
import { isDateFormat, StyleTable } from "../../../src/import/styles";
import { partEvents, xmlParser } from "../../../src/import/xml-check";
import { buildZip, type ZipPart } from "../../support/zip";

/**
 * The import's own sheet reader against exceljs's streaming reader, which it replaced: over real
 * workbooks both must mean the same to the import (cellText of every cell, row numbers). What
 * exceljs never read (missing r attributes, x: prefixes, inline rich text) is checked against
 * the values Excel shows.
 */

let dir: string;
let files = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "admit-sheet-reader-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  number: number;
  cells: CellText[];
}

function fileOf(buffer: Buffer): string {
  files += 1;
  const path = join(dir, `${files}.xlsx`);
  writeFileSync(path, buffer);
  return path;
}

// Array.from visits holes (map would skip them); trailing empty cells are not part of the row.
function rowOf(number: number, values: unknown[]): Row {
  const cells = Array.from(values, cellText);
  while (cells.length && cells[cells.length - 1]?.kind === "empty") cells.pop();
  return { number, cells };
}

async function ours(buffer: Buffer): Promise<Row[]> {
  const path = fileOf(buffer);
  const plan = await inspectXlsx(path, importLimits(10_000_000));
  const rows: Row[] = [];
  for await (const row of readSheetRows(plan)) rows.push(rowOf(row.number, row.values));
  return rows;
}

/** What the import read before: exceljs's streaming reader with the options it used. */
async function reference(buffer: Buffer): Promise<Row[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(fileOf(buffer), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const rows: Row[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) rows.push(rowOf(row.number, (row.values as unknown[]).slice(1)));
  }
  return rows;
}

const utc = (...parts: [number, number, number, number?, number?]) => new Date(Date.UTC(...parts));

/** Sets each value with its number format (null: none), the way a person formats a column. */
function put(sheet: ExcelJS.Worksheet, number: number, cells: Array<[unknown, string | null]>) {
  cells.forEach(([value, numFmt], i) => {
    const cell = sheet.getRow(number).getCell(i + 1);
    cell.value = value as ExcelJS.CellValue;
    if (numFmt) cell.numFmt = numFmt;
  });
}

async function everyKindOfCell(date1904: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.properties.date1904 = date1904;
  const sheet = workbook.addWorksheet("Users");
  sheet.addRow([
    "alice",
    "  padded  ",
    'Tom & Jerry <x> "q"',
    "😀 emoji",
    "山田太郎",
    "'=SUM(A1)",
    "'t Hart",
  ]);
  sheet.addRow([42, 12.5, 4520123456, 1e21, -3.75, 0.1 + 0.2, 123456789012345680000, 0]);
  sheet.addRow([true, false]);
  const day = utc(2024, 0, 31);
  put(sheet, 4, [
    [day, "mm-dd-yy"], // built-in 14
    [day, "d-mmm-yy"], // built-in 15
    [utc(2024, 0, 31, 13, 45), "h:mm"], // built-in 20
    [day, "yyyy-mm-dd"],
    [day, "[$-409]dddd, mmmm d, yyyy"],
    [day, 'yyyy"年"m"月"d"日"'],
    [utc(1900, 0, 15), "yyyy-mm-dd"], // before Excel's fictional 1900-02-29
    [utc(1970, 0, 1, 36), "[h]:mm:ss"],
  ]);
  put(sheet, 5, [
    [45322, "0.00"],
    [45322, "#,##0"],
    [45322, '"ID "0'],
    [45322, '0.00 "days"'],
    [45322, "[Red]0.00"],
    [0.25, "0%"],
    [45322, "0.00E+00"],
    [45322, "@"],
    [45322, null],
  ]);
  put(sheet, 6, [
    [{ formula: "A1&B1", result: "alice  padded  " }, null],
    [{ formula: "1+1", result: 2 }, null],
    [{ formula: "TODAY()", result: day }, "yyyy-mm-dd"],
  ]);
  sheet.fillFormula("H6:H8", "B6+1", [3, 4, 5]); // one shared formula: <f t="shared" si="0"/> below
  put(sheet, 7, [
    [{ error: "#N/A" }, null],
    [{ error: "#DIV/0!" }, null],
  ]);
  put(sheet, 8, [[{ richText: [{ text: "Ali", font: { bold: true } }, { text: "ce" }] }, null]]);
  // Row 9 is missing, 10 is sparse, 12 has one cell far to the right.
  sheet.getRow(10).getCell(1).value = "a";
  sheet.getRow(10).getCell(5).value = "e";
  sheet.getRow(10).getCell(28).value = "AB";
  sheet.getRow(12).getCell(30).value = 7;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("the same cells as exceljs's streaming reader", () => {
  test.each([false, true])("every kind of cell (1904 date system: %s)", async (date1904) => {
    const file = await everyKindOfCell(date1904);
    const expected = await reference(file);
    expect(await ours(file)).toEqual(expected);
    // And the reference itself read what was written (so the comparison means something).
    expect(expected.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 12]);
    const shown = (r: Row) =>
      r.cells.map((c) => (c.kind === "text" ? c.text : c.kind === "empty" ? "" : c.shown));
    expect(shown(expected[3] as Row)).toEqual([
      "2024-01-31",
      "2024-01-31",
      "2024-01-31T13:45:00.000Z",
      "2024-01-31",
      "2024-01-31",
      "2024-01-31",
      "1900-01-15",
      "1970-01-02T12:00:00.000Z",
    ]);
    expect(shown(expected[4] as Row)).toEqual([...Array(5).fill("45322"), "0.25", "45322", "45322", "45322"]);
    expect(shown(expected[5] as Row).slice(0, 3)).toEqual(["=A1&B1", "=1+1", "=TODAY()"]);
    expect(expected.slice(5, 8).map((r) => shown(r)[7])).toEqual(["=B6+1", "=", "="]);
    expect(shown(expected[8] as Row)).toEqual(["a", "", "", "", "e", ...Array(22).fill(""), "AB"]);
  });

  test("the benchmark's kind of file: exceljs's streaming writer, shared strings", async () => {
    const path = join(dir, "streamed.xlsx");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet("Users");
    for (let i = 0; i < 2000; i += 1)
      sheet.addRow([`First${i}`, i % 3 ? null : `Last${i}`, i, `x${i % 7}`]).commit();
    sheet.commit();
    await writer.commit();
    const file = readFileSync(path);
    const expected = await reference(file);
    expect(expected).toHaveLength(2000);
    expect(await ours(file)).toEqual(expected);
  });

  test("inline strings written by hand", async () => {
    const file = workbook(
      sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c>' +
          '<c r="C1" t="inlineStr"><is><t xml:space="preserve">  Tom &amp; Jerry  </t></is></c>' +
          '<c r="D1" t="str"><v>str &#x1F600; 山田</v></c><c r="E1" t="inlineStr"><is><t></t></is></c></row>',
      ),
    );
    const expected = await reference(file);
    expect(expected[0]?.cells).toHaveLength(4);
    expect(await ours(file)).toEqual(expected);
  });
});

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const sheet = (rows: string, ns = NS) => `<worksheet ${ns}><sheetData>${rows}</sheetData></worksheet>`;

/** A workbook from raw parts: the sheet, and shared strings and styles when given. */
function workbook(
  sheetXml: string,
  extra: { strings?: string; styles?: string; date1904?: boolean; strict?: boolean } = {},
): Buffer {
  // Strict Open XML (Excel's "Strict Open XML Spreadsheet") names relationship types differently.
  const rel = extra.strict
    ? "http://purl.oclc.org/ooxml/officeDocument/relationships"
    : "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const rels = [`<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>`];
  const parts: ZipPart[] = [{ name: "xl/worksheets/sheet1.xml", data: Buffer.from(sheetXml) }];
  if (extra.strings !== undefined) {
    rels.push(`<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>`);
    parts.push({ name: "xl/sharedStrings.xml", data: Buffer.from(`<sst ${NS}>${extra.strings}</sst>`) });
  }
  if (extra.styles !== undefined) {
    rels.push(`<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/>`);
    parts.push({
      name: "xl/styles.xml",
      data: Buffer.from(`<styleSheet ${NS}>${extra.styles}</styleSheet>`),
    });
  }
  const pr = extra.date1904 ? '<workbookPr date1904="true"/>' : "";
  return buildZip([
    {
      name: "xl/workbook.xml",
      data: Buffer.from(
        `<workbook ${NS} xmlns:r="${rel}">${pr}<sheets><sheet name="Users" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: Buffer.from(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`,
      ),
    },
    ...parts,
  ]);
}

const text = (t: string): CellText => ({ kind: "text", text: t, fromNumber: false });
const num = (t: string): CellText => ({ kind: "text", text: t, fromNumber: true });
const problem = (kind: string, shown: string): CellText =>
  ({ kind: "problem", problem: kind, shown }) as CellText;
const EMPTY: CellText = { kind: "empty" };

describe("what exceljs never read", () => {
  const styles =
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0\\h"/>' +
    '<numFmt numFmtId="166" formatCode="&quot;Day &quot;0"/></numFmts>' +
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs>';
  const strings =
    "<si><t>Tom &amp; Jerry &lt;3</t></si>" +
    '<si><r><rPr><b/></rPr><t>Yama</t></r><r><t xml:space="preserve">da </t></r><rPh sb="0" eb="2"><t>やまだ</t></rPh></si>' +
    '<si><t xml:space="preserve">  spaced  </t></si><si><t>😀 山田</t></si><si><t/></si>';

  test("x: prefixes, missing r attributes, rich inline text, phonetic runs, styles by number", async () => {
    const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rows =
      // Row 1 has no r: cells A, B, C follow each other.
      '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c>' +
      '<x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c></x:row>' +
      // Row 2 (no r either): A, then D by reference, then E after it.
      '<x:row><x:c><x:v>7</x:v></x:c><x:c r="D2"><x:v>8</x:v></x:c><x:c><x:v>9</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c t="inlineStr"><x:is><x:r><x:t>Ali</x:t></x:r><x:r><x:t xml:space="preserve">ce </x:t></x:r>' +
      '<x:rPh sb="0" eb="1"><x:t>アリス</x:t></x:rPh></x:is></x:c>' +
      '<x:c r="B5" s="1"><x:v>45322</x:v></x:c><x:c r="C5" s="2"><x:v>12</x:v></x:c>' +
      '<x:c r="D5" s="3"><x:v>12</x:v></x:c><x:c r="E5" s="4"><x:v>45322.5</x:v></x:c>' +
      '<x:c r="F5" t="b"><x:v>1</x:v></x:c><x:c r="G5" t="e"><x:v>#REF!</x:v></x:c></x:row>' +
      // Row 6 follows row 5; a formula with a string result.
      '<x:row><x:c t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c><x:c><x:f t="shared" si="0"/></x:c></x:row>';
    const file = workbook(`<x:worksheet ${x}><x:sheetData>${rows}</x:sheetData></x:worksheet>`, {
      strings,
      styles,
    });
    expect(await ours(file)).toEqual([
      { number: 1, cells: [text("Tom & Jerry <3"), text("Yamada "), text("  spaced  "), text("😀 山田")] },
      { number: 2, cells: [num("7"), EMPTY, EMPTY, num("8"), num("9")] },
      {
        number: 5,
        cells: [
          text("Alice "),
          problem("date", "2024-01-31"),
          num("12"), // 0\h: the h is a literal
          num("12"),
          problem("date", "2024-01-31T12:00:00.000Z"),
          problem("boolean", "TRUE"),
          problem("error", "#REF!"),
        ],
      },
      { number: 6, cells: [problem("formula", '="a"&"b"'), problem("formula", "=")] },
    ]);
    // The row count the limits and progress use sees prefixed rows too.
    const plan = await inspectXlsx(fileOf(file), importLimits(10_000_000));
    expect(plan.rows).toBe(4);
  });

  test("conditional formats' ids, text without t, row numbers from cells, spelled booleans, _xHHHH_ escapes, CDATA", async () => {
    const ownStyles =
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="00000"/></numFmts>' +
      '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>' +
      // A conditional format reusing id 164 for a date must not turn the column's numbers into dates.
      '<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></dxf></dxfs>';
    const ownStrings = "<si><t>Line_x000D_break</t></si><si><t>keep_x005F_x000D_</t></si>";
    const rows =
      '<row r="1"><c r="A1" s="1"><v>42</v></c><c r="B1"><is><t>Alice</t></is></c>' +
      '<c r="C1" t="b"><v>false</v></c><c r="D1" t="b"><v>true</v></c></row>' +
      // No r on the row: its cells' references say it is row 7.
      '<row><c r="A7" t="s"><v>0</v></c><c r="B7" t="s"><v>1</v></c>' +
      '<c r="C7" t="inlineStr"><is><t><![CDATA[Tom & <Jerry>]]></t></is></c></row>';
    expect(await ours(workbook(sheet(rows), { strings: ownStrings, styles: ownStyles }))).toEqual([
      {
        number: 1,
        cells: [num("42"), text("Alice"), problem("boolean", "FALSE"), problem("boolean", "TRUE")],
      },
      { number: 7, cells: [text("Line\rbreak"), text("keep_x000D_"), text("Tom & <Jerry>")] },
    ]);
  });

  test("a Strict Open XML workbook reads its shared strings and styles", async () => {
    const file = workbook(
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45322</v></c></row>'),
      { strings, styles, strict: true },
    );
    expect(await ours(file)).toEqual([
      { number: 1, cells: [text("Tom & Jerry <3"), problem("date", "2024-01-31")] },
    ]);
  });

  test("the 1904 date system from a hand-written workbook", async () => {
    const file = workbook(
      sheet('<row r="1"><c r="A1" s="1"><v>43860</v></c><c r="B1"><v>43860</v></c></row>'),
      {
        styles,
        date1904: true,
      },
    );
    expect(await ours(file)).toEqual([{ number: 1, cells: [problem("date", "2024-01-31"), num("43860")] }]);
  });

  test.each([
    ["a cell beyond column XFD", sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'), /beyond column XFD/],
    ["a missing shared string", sheet('<row r="1"><c r="A1" t="s"><v>3</v></c></row>'), /shared string 3/],
    ["a reference without a column", sheet('<row r="1"><c r="12"><v>1</v></c></row>'), /names no column/],
    ["a row number given twice", sheet('<row r="1"/><row r="2"/><row r="2"/>'), /row 2 comes after row 2/],
    ["row numbers going back", sheet('<row r="5"/><row r="3"/>'), /row 3 comes after row 5/],
    ["row number 0", sheet('<row r="0"/>'), /numbered 0/],
    ["a row number that is no number", sheet('<row r="x"/>'), /not a number/],
    ["a row beyond Excel's last", sheet('<row r="1048577"/>'), /numbered 1048577/],
  ])("%s is a damaged file", async (_name, xml, detail) => {
    await expect(ours(workbook(xml))).rejects.toMatchObject({ code: "import.damaged_file", detail });
  });

  test("a negative shared string index is a damaged file, even over a plain array of strings", async () => {
    const file = workbook(sheet('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>'), {
      strings: "<si><t>first</t></si><si><t>last</t></si>",
    });
    await expect(ours(file)).rejects.toMatchObject({
      code: "import.damaged_file",
      detail: /shared string -1/,
    });
    // A plain array is a string table too, and its at(-1) would be "last": the reader must not ask.
    const table = ["first", "last"];
    const parser = new SheetParser(
      table,
      new StyleTable(),
      false,
      new RowStore(table, { maxRows: 10, maxCells: 100, maxText: 100 }),
    );
    const xml = xmlParser(partEvents(parser));
    expect(() => xml.write('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>')).toThrow(
      expect.objectContaining({
        code: "import.damaged_file",
        detail: expect.stringMatching(/shared string -1/),
      }),
    );
  });

  test("the file is read once: after inspection no descriptor is open, and reading opens none", async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    );
    const plan = await inspectXlsx(fileOf(workbook(sheet(rows.join("")))), importLimits(10_000_000));
    // Descriptors open on this very file (inspection's are closed asynchronously, so wait them out).
    const open = () =>
      readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === plan.path;
        } catch {
          return false;
        }
      }).length;
    for (let i = 0; i < 100 && open() !== 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(open()).toBe(0);
    const reader = readSheetRows(plan);
    expect((await reader.next()).value).toEqual({ number: 1, values: [0] });
    expect(open()).toBe(0);
    let count = 1;
    for await (const row of reader) {
      count += 1;
      expect(row.number).toBe(count);
    }
    expect(count).toBe(5000);
  });

  test.each([
    ["cells", { maxCells: 5 }, "<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>".repeat(2)],
    ["inline text", { maxSheetText: 10 }, '<row><c t="inlineStr"><is><t>0123456789x</t></is></c></row>'],
    ["formula text", { maxSheetText: 10 }, "<row><c><f>SUM(A1:A1000)</f></c></row>"],
  ])("a sheet with more %s than the limits is refused while it is read", async (_what, limits, rows) => {
    const path = fileOf(workbook(sheet(rows)));
    await expect(inspectXlsx(path, { ...importLimits(10_000_000), ...limits })).rejects.toMatchObject({
      code: "import.zip_limits",
    });
    // The same sheet within the limits is read.
    await expect(inspectXlsx(path, importLimits(10_000_000))).resolves.toBeDefined();
  });

  test("cells across blocks of the store are read back in order, once", () => {
    // 3 cells a row, 70,000 rows: 210,000 cells, four blocks of 65,536, a row split between two.
    const store = new RowStore(["shared"], { maxRows: 100_000, maxCells: 300_000, maxText: 1_000_000 });
    for (let i = 0; i < 70_000; i += 1) {
      store.value(0, i);
      store.shared(2, 0);
      store.value(5, `t${i}`);
      store.endRow(i + 2);
    }
    let count = 0;
    for (const row of store.rows()) {
      const i = count;
      count += 1;
      if (
        row.number !== i + 2 ||
        row.values[0] !== i ||
        row.values[2] !== "shared" ||
        row.values[5] !== `t${i}`
      )
        throw new Error(`row ${i} read back as ${JSON.stringify(row)}`);
    }
    expect(count).toBe(70_000);
    expect(() => store.rows().next()).toThrow(/read once/);
  });

  test("rows past the limit are counted, not kept", async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    );
    const plan = await inspectXlsx(fileOf(workbook(sheet(rows.join("")))), importLimits(10_000_000));
    expect(plan.rows).toBe(30);
    const store = new RowStore([], { maxRows: 3, maxCells: 5, maxText: 100 });
    const xml = xmlParser(partEvents(new SheetParser([], new StyleTable(), false, store)));
    xml.write(sheet(rows.join(""))).close();
    expect(store.rowCount).toBe(30);
    expect([...store.rows()]).toEqual([
      { number: 1, values: [0] },
      { number: 2, values: [1] },
      { number: 3, values: [2] },
    ]);
  });
});

describe("date formats", () => {
  test.each([
    ["yyyy-mm-dd", true],
    ["dd/mm/yyyy hh:mm", true],
    ["[$-409]mmmm d, yyyy;@", true],
    ['yyyy"年"m"月"d"日"', true],
    ["[h]:mm:ss", true],
    ["mm:ss.0", true],
    ["General", false],
    ["0.00", false],
    ["#,##0", false],
    ["0%", false],
    ["0.00E+00", false],
    ['"Day "0', false],
    ["0\\h", false],
    ["[Red]#,##0.00;[Blue]-#,##0.00", false],
    ["_-* #,##0.00\\ _€_-;-* #,##0.00\\ _€_-", false],
    ["@", false],
  ])("%j is a date: %s", (code, date) => {
    expect(isDateFormat(code)).toBe(date);
  });
});
