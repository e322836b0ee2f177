import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import type { XlsxPlan } from "./inspect";
import { openEntry, openZip } from "./zip-file";

// With no shared strings part exceljs spools every sheet to a temporary file first; an empty one avoids that.
const EMPTY_SST = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

function localHeader(name: string, method: number, crc: number, compressed: number, size: number): Buffer {
  const fileName = Buffer.from(name, "utf8");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  header.writeUInt16LE(0x0800, 6); // UTF-8 names; sizes are in this header, no data descriptor
  header.writeUInt16LE(method, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(0x21, 12); // 1980-01-01
  header.writeUInt32LE(crc >>> 0, 14);
  header.writeUInt32LE(compressed, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(fileName.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, fileName]);
}

/**
 * An empty end-of-central-directory record with a one-byte comment, plus one byte more. unzipper's
 * streaming parser only serves a read from its buffer when *more* bytes than asked are there; a
 * stream that ends exactly at its last record fails with FILE_ENDED when the reader is slower than
 * the file (as it is while batches are written to MySQL).
 */
function endRecord(): Buffer {
  const end = Buffer.alloc(22 + 1 + 1);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 20); // comment length
  return end;
}

/**
 * The zip exceljs reads: rebuilt from the checked central directory, holding only the parts
 * `inspectXlsx` verified, in the order that lets exceljs stream the sheet (styles and shared
 * strings first). The compressed bytes are copied as they are — the very bytes whose inflated
 * size and CRC were checked — so hidden local entries, lying headers or extra sheets in the
 * upload never reach the parser.
 */
export function checkedXlsxStream(plan: XlsxPlan): Readable {
  async function* parts(): AsyncGenerator<Buffer> {
    const zip = await openZip(plan.path);
    try {
      if (!plan.parts.some((p) => p.name === "xl/sharedStrings.xml")) {
        yield localHeader("xl/sharedStrings.xml", 0, crc32(EMPTY_SST), EMPTY_SST.length, EMPTY_SST.length);
        yield EMPTY_SST;
      }
      for (const { name, entry } of plan.parts) {
        yield localHeader(
          name,
          entry.compressionMethod,
          entry.crc32,
          entry.compressedSize,
          entry.uncompressedSize,
        );
        const raw = await openEntry(zip, entry, false);
        for await (const chunk of raw as AsyncIterable<Buffer>) yield chunk;
      }
      yield endRecord();
    } finally {
      zip.close();
    }
  }
  return Readable.from(parts(), { objectMode: false });
}
