import { StringDecoder } from "node:string_decoder";
import type { Entry, ZipFile } from "yauzl";
import { damaged } from "./errors";
import type { XlsxPlan } from "./inspect";
import { SheetParser, type SheetRow } from "./sheet-reader";
import { partEvents, unpackFailure, xmlParser, type PartHandler } from "./xml-check";
import { openEntry, openZip } from "./zip-file";

export type { SheetRow } from "./sheet-reader";

/**
 * Streams the users sheet row by row, straight from the entry `inspectXlsx` checked (sizes, CRC,
 * well-formed XML) and with the styles and shared strings it kept, with the same XML parser: rows
 * completed by a chunk are handed out before the next chunk is inflated, so memory stays at the
 * shared strings plus one chunk however long the sheet is.
 */
export async function* readSheetRows(plan: XlsxPlan): AsyncGenerator<SheetRow> {
  const zip = await openZip(plan.path).catch((error: Error) => {
    throw damaged(`it cannot be opened again (${error.message})`);
  });
  try {
    const sheet = new SheetParser(plan.sharedStrings, plan.styles, plan.date1904);
    for await (const _chunk of parsePart(zip, plan.sheet, sheet)) {
      const rows = sheet.rows;
      sheet.rows = [];
      for (const row of rows) yield row;
    }
  } finally {
    zip.close();
  }
}

/**
 * Inflates one part and feeds it to `handler`, pausing after each chunk (the caller resumes it
 * when it wants more). Destroying the stream when the caller stops early is left to `finally`.
 */
async function* parsePart(zip: ZipFile, entry: Entry, handler: PartHandler): AsyncGenerator<void> {
  const parser = xmlParser({
    ...partEvents(handler),
    error: (error) => {
      throw damaged(`${entry.fileName} is not valid XML (${error.message.split("\n")[0]})`);
    },
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
