import { StringDecoder } from "node:string_decoder";
import type { Entry, ZipFile } from "yauzl";
import { damaged } from "./errors";
import type { XlsxPlan } from "./inspect";
import { SharedStrings } from "./shared-strings";
import { SheetParser, type SheetRow } from "./sheet-reader";
import { StyleTable } from "./styles";
import { localName, unpackFailure, xmlParser, type PartHandler } from "./xml-check";
import { openEntry, openZip } from "./zip-file";

export type { SheetRow } from "./sheet-reader";

/**
 * Streams the users sheet row by row, straight from the parts `inspectXlsx` checked (sizes, CRC,
 * well-formed XML), with the same XML parser. Styles and shared strings are read whole first —
 * cells refer to them by index — then the sheet a chunk at a time: rows completed by a chunk are
 * handed out before the next chunk is inflated, so memory stays at the shared strings plus one
 * chunk however long the sheet is.
 */
export async function* readSheetRows(plan: XlsxPlan): AsyncGenerator<SheetRow> {
  const entry = (name: string) => plan.parts.find((part) => part.name === name)?.entry;
  const sheetEntry = entry("xl/worksheets/sheet1.xml");
  if (!sheetEntry) throw damaged("its first sheet is missing");
  const zip = await openZip(plan.path).catch((error: Error) => {
    throw damaged(`it cannot be opened again (${error.message})`);
  });
  try {
    const workbook = { date1904: false };
    await readWhole(zip, entry("xl/workbook.xml"), {
      open(name, tag) {
        if (name === "workbookPr") workbook.date1904 = /^(1|true)$/.test(String(tag.attributes.date1904));
      },
    });
    const styles = new StyleTable();
    await readWhole(zip, entry("xl/styles.xml"), styles);
    const strings = new SharedStrings();
    await readWhole(zip, entry("xl/sharedStrings.xml"), strings);

    const sheet = new SheetParser(strings.strings, styles, workbook.date1904);
    for await (const _chunk of parsePart(zip, sheetEntry, sheet)) {
      const rows = sheet.rows;
      sheet.rows = [];
      for (const row of rows) yield row;
    }
  } finally {
    zip.close();
  }
}

async function readWhole(zip: ZipFile, entry: Entry | undefined, handler: PartHandler): Promise<void> {
  if (entry) for await (const _chunk of parsePart(zip, entry, handler));
}

/**
 * Inflates one part and feeds it to `handler`, pausing after each chunk (the caller resumes it
 * when it wants more). Destroying the stream when the caller stops early is left to `finally`.
 */
async function* parsePart(zip: ZipFile, entry: Entry, handler: PartHandler): AsyncGenerator<void> {
  const parser = xmlParser({
    error: (error) => {
      throw damaged(`${entry.fileName} is not valid XML (${error.message.split("\n")[0]})`);
    },
    opentag: (tag) => handler.open(localName(tag.name), tag),
    text: handler.text?.bind(handler),
    closetag: handler.close && ((tag) => handler.close?.(localName(tag.name))),
  });
  const decoder = new StringDecoder("utf8");
  const stream = await openEntry(zip, entry, true).catch((error: unknown) => {
    throw unpackFailure(entry, error);
  });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.write(chunk));
      yield;
    }
    parser.write(decoder.end()).close();
    yield;
  } catch (error) {
    throw unpackFailure(entry, error);
  } finally {
    stream.destroy();
  }
}
