import { open, stat } from "node:fs/promises";
import type { Entry } from "yauzl";
import { damaged, fileTooLarge, notXlsx, tooBig, tooManyRows } from "./errors";
import { RowStore } from "./row-store";
import { SharedStrings } from "./shared-strings";
import { SheetParser } from "./sheet-reader";
import { StyleTable } from "./styles";
import { checkXmlPart, type InflateBudget } from "./xml-check";
import { openZip, readEntries } from "./zip-file";

export interface XlsxLimits {
  maxBytes: number;
  /** Zip entries; a workbook has a dozen or two. */
  maxEntries: number;
  /** Bytes all the parts that are read may inflate to, together. */
  maxUncompressed: number;
  /** Declared inflated/compressed ratio above which an entry is a bomb (XML sheets reach ~15). */
  maxRatio: number;
  maxRows: number;
  /** Cells with a value in the users sheet, and characters of its own text (RowStore keeps them). */
  maxCells: number;
  maxSheetText: number;
}

/** What inspection found: the users sheet, read and checked, for the import (row-reader.ts). */
export interface XlsxPlan {
  path: string;
  sheetName: string;
  /** `<row>` elements in the users sheet, the header included. */
  rows: number;
  /** The sheet's rows, read while the sheet was checked. */
  sheetRows: RowStore;
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const ZIP = Buffer.from("PK\x03\x04", "latin1");
// Relationship types, as Transitional (what Excel saves by default) and Strict Open XML name them.
const REL =
  /^(?:http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships\/|http:\/\/purl\.oclc\.org\/ooxml\/officeDocument\/relationships\/)/;

/**
 * Everything that can be wrong with the file itself, found before a single row is imported:
 * size, format, zip structure, zip bombs (declared sizes and ratios first, then the real inflated
 * bytes, CRC and XML of every part that will be read), cells that cannot be read (a missing shared
 * string, a column beyond XFD), and the row count for progress and limits. The users sheet is
 * inflated and parsed once: its rows are kept (RowStore) while it is checked.
 */
export async function inspectXlsx(path: string, limits: XlsxLimits): Promise<XlsxPlan> {
  const { size } = await stat(path);
  if (size > limits.maxBytes) throw fileTooLarge(limits.maxBytes);
  const magic = Buffer.alloc(4);
  const handle = await open(path, "r");
  await handle.read(magic, 0, 4, 0).finally(() => handle.close());
  if (magic.equals(OLE)) throw notXlsx("it is an old .xls workbook or a password-protected one");
  if (!magic.equals(ZIP)) throw notXlsx();
  const zip = await openZip(path).catch((error: Error) => {
    throw notXlsx(`the zip structure is broken (${error.message})`);
  });
  try {
    const entries = await readEntries(zip, limits.maxEntries).catch((error: Error) => {
      throw notXlsx(`the zip structure is broken (${error.message})`);
    });
    if (entries.length > limits.maxEntries) throw tooBig();
    const byName = new Map(entries.map((e) => [e.fileName, e]));
    const workbook = byName.get("xl/workbook.xml");
    const rels = byName.get("xl/_rels/workbook.xml.rels");
    if (!workbook || !rels) throw notXlsx("it has no workbook in it (is it a Word or zip file?)");
    const budget: InflateBudget = { remaining: limits.maxUncompressed };
    const wanted = (entry: Entry) => checkDeclared(entry, limits, budget);

    const sheets: Array<{ name: string; rId: string }> = [];
    const targets = new Map<string, { type: string; target: string }>();
    let date1904 = false;
    await checkXmlPart(zip, wanted(workbook), budget, {
      open(name, tag) {
        if (name === "sheet")
          sheets.push({ name: String(tag.attributes.name ?? ""), rId: String(tag.attributes["r:id"] ?? "") });
        else if (name === "workbookPr") date1904 = /^(1|true)$/.test(String(tag.attributes.date1904));
      },
    });
    await checkXmlPart(zip, wanted(rels), budget, {
      open(name, tag) {
        if (name !== "Relationship") return;
        const target = String(tag.attributes.Target ?? "");
        const type = String(tag.attributes.Type ?? "").replace(REL, "");
        targets.set(String(tag.attributes.Id ?? ""), {
          type,
          target: target.startsWith("/") ? target.slice(1) : `xl/${target}`,
        });
      },
    });
    const sheet = sheets.find((s) => s.name.trim().toLowerCase() === "users") ?? sheets[0];
    const sheetEntry = sheet && byName.get(targets.get(sheet.rId)?.target ?? "");
    if (!sheet || !sheetEntry) throw damaged("its first sheet is missing");
    const partOf = (type: string) => {
      const target = [...targets.values()].find((t) => t.type === type)?.target;
      return target === undefined ? undefined : byName.get(target);
    };
    // Cells refer to these by index.
    const styles = new StyleTable();
    const strings = new SharedStrings();
    for (const [type, handler] of [
      ["styles", styles],
      ["sharedStrings", strings],
    ] as const) {
      const entry = partOf(type);
      if (entry) await checkXmlPart(zip, wanted(entry), budget, handler);
    }
    // The header row and maxRows below it; a longer sheet is only counted, then refused.
    const sheetRows = new RowStore(strings, {
      maxRows: limits.maxRows + 1,
      maxCells: limits.maxCells,
      maxText: limits.maxSheetText,
    });
    await checkXmlPart(
      zip,
      wanted(sheetEntry),
      budget,
      new SheetParser(strings, styles, date1904, sheetRows),
    );
    const rows = sheetRows.rowCount;
    if (rows - 1 > limits.maxRows) throw tooManyRows(rows - 1, limits.maxRows);
    return { path, sheetName: sheet.name, rows, sheetRows };
  } finally {
    zip.close();
  }
}

/** Refuses, from the central directory alone, what no real workbook looks like. */
function checkDeclared(entry: Entry, limits: XlsxLimits, budget: InflateBudget): Entry {
  if (entry.isEncrypted()) throw notXlsx("it is encrypted");
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw damaged(`${entry.fileName} uses an unsupported compression method`);
  }
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (
    entry.uncompressedSize > budget.remaining ||
    (entry.uncompressedSize > 1_048_576 && ratio > limits.maxRatio)
  ) {
    throw tooBig();
  }
  return entry;
}
