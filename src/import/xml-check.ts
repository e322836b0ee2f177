import { StringDecoder } from "node:string_decoder";
import { crc32 } from "node:zlib";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { Entry, ZipFile } from "yauzl";
import { damaged, tooBig } from "./errors";
import { openEntry } from "./zip-file";

export interface InflateBudget {
  /** Bytes that may still be inflated across all parts. */
  remaining: number;
}

/**
 * Inflates one part completely — checking its real size against the budget, its CRC-32 and that
 * it is well-formed XML — before exceljs ever reads it, so no file-level problem can surface
 * halfway through an import. `onTag` sees every opening tag (to find sheets or count rows).
 */
export async function checkXmlPart(
  zip: ZipFile,
  entry: Entry,
  budget: InflateBudget,
  onTag?: (tag: SaxesTagPlain) => void,
): Promise<void> {
  const parser = new SaxesParser();
  let xmlError: Error | undefined;
  parser.on("error", (error) => {
    xmlError ??= error;
  });
  if (onTag) parser.on("opentag", onTag);
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
    if ((error as { code?: string }).code?.startsWith("import.")) throw error;
    // yauzl: "too many bytes in the stream" (declared size was a lie) or a broken deflate stream.
    const message = (error as Error).message;
    if (/too many bytes/.test(message)) throw tooBig();
    throw damaged(`${entry.fileName} cannot be unpacked (${message})`);
  } finally {
    stream.destroy();
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) throw damaged(`${entry.fileName} fails its checksum`);
  if (xmlError) throw damaged(`${entry.fileName} is not valid XML (${xmlError.message.split("\n")[0]})`);
}
