import { StringDecoder } from "node:string_decoder";
import { crc32 } from "node:zlib";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { Entry, ZipFile } from "yauzl";
import { damaged, tooBig } from "./errors";
import { openEntry } from "./zip-file";

export interface XmlHandlers {
  /** saxes reports malformed XML here; without one, the error is thrown out of write(). */
  error(error: Error): void;
  opentag(tag: SaxesTagPlain): void;
  text(text: string): void;
  closetag(tag: SaxesTagPlain): void;
}

const ignore = () => undefined;

/** Files written by the Open XML SDK may prefix every element (`<x:row>`); only the local name matters. */
export const localName = (name: string): string => name.slice(name.indexOf(":") + 1);

/**
 * A saxes parser with every handler set, always in this order. saxes keeps each handler in a
 * property added when it is set, so parsers with different sets of handlers get different hidden
 * classes; once an import has made a few, V8 runs saxes's hot loop megamorphic and the users sheet
 * parses about 3× slower (measured). One shape for every parser keeps that loop fast.
 */
export function xmlParser(handlers: Partial<XmlHandlers>): SaxesParser {
  const parser = new SaxesParser();
  parser.on(
    "error",
    handlers.error ??
      ((error) => {
        throw error;
      }),
  );
  parser.on("opentag", handlers.opentag ?? ignore);
  parser.on("text", handlers.text ?? ignore);
  // CDATA sections are text too (some writers wrap cell text in them).
  parser.on("cdata", handlers.text ?? ignore);
  parser.on("closetag", handlers.closetag ?? ignore);
  return parser;
}

/** Receives a part's parser events by local name (`x:row` arrives as `row`); see sheet-reader.ts. */
export interface PartHandler {
  open(name: string, tag: SaxesTagPlain): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** A PartHandler as xmlParser's handlers (element names reduced to their local names). */
export function partEvents(handler: PartHandler | undefined): Partial<XmlHandlers> {
  if (!handler) return {};
  return {
    opentag: (tag) => handler.open(localName(tag.name), tag),
    text: handler.text?.bind(handler),
    closetag: handler.close && ((tag) => handler.close?.(localName(tag.name))),
  };
}

export interface InflateBudget {
  /** Bytes that may still be inflated across all parts. */
  remaining: number;
}

/**
 * Inflates one part completely — checking its real size against the budget, its CRC-32 and that
 * it is well-formed XML — before the import uses it, so no file-level problem can surface halfway
 * through an import. `handler` sees the part's events (to find sheets, or keep what the import
 * needs: styles, shared strings, the sheet's rows); it is only trusted once this returns.
 */
export async function checkXmlPart(
  zip: ZipFile,
  entry: Entry,
  budget: InflateBudget,
  handler?: PartHandler,
): Promise<void> {
  let xmlError: Error | undefined;
  const parser = xmlParser({
    ...partEvents(handler),
    error: (error) => {
      xmlError ??= error;
    },
  });
  const decoder = new StringDecoder("utf8");
  let crc = 0;
  let stream;
  try {
    stream = await openEntry(zip, entry, true);
  } catch (error) {
    throw damaged(`${entry.fileName} cannot be read (${(error as Error).message})`);
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.remaining -= chunk.length;
      if (budget.remaining < 0) throw tooBig();
      crc = crc32(chunk, crc);
      if (!xmlError) parser.write(decoder.write(chunk));
    }
    if (!xmlError) parser.write(decoder.end()).close();
  } catch (error) {
    throw unpackFailure(entry, error);
  } finally {
    stream.destroy();
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) throw damaged(`${entry.fileName} fails its checksum`);
  if (xmlError) throw damaged(`${entry.fileName} is not valid XML (${xmlError.message.split("\n")[0]})`);
}

/** What failed while a part was inflated, as the error the import reports (ours pass through). */
export function unpackFailure(entry: Entry, error: unknown): Error {
  if ((error as { code?: string }).code?.startsWith("import.")) return error as Error;
  // yauzl: "too many bytes in the stream" (declared size was a lie) or a broken deflate stream.
  const message = (error as Error).message;
  if (/too many bytes/.test(message)) return tooBig();
  return damaged(`${entry.fileName} cannot be unpacked (${message})`);
}
