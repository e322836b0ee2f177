import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** Promise wrappers over yauzl's callbacks: the zip's central directory and its entries. */
export function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // validateEntrySizes: an entry that inflates to more than its declared size fails at once.
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

/** Every central-directory entry, stopping early once there are more than `max`. */
export function readEntries(zip: ZipFile, max: number): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      if (entries.length > max) resolve(entries);
      else zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    zip.once("error", reject);
    zip.readEntry();
  });
}

export function openEntry(zip: ZipFile, entry: Entry, decompress: boolean): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, { decompress: decompress && entry.compressionMethod === 8 }, (error, stream) =>
      error ? reject(error) : resolve(stream),
    );
  });
}
