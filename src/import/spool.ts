import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTooLarge } from "./errors";

export interface SpooledFile {
  path: string;
  bytes: number;
  /** Removes the file (and its private directory). */
  remove(): Promise<void>;
}

/**
 * Writes an upload to a private temporary file, counting bytes as they arrive: the size limit
 * stops the upload at the first byte too many, so a huge body never fills the disk.
 */
export async function spoolToFile(input: Readable, maxBytes: number): Promise<SpooledFile> {
  const dir = await mkdtemp(join(tmpdir(), "admit-import-"));
  const path = join(dir, "upload.xlsx");
  const remove = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > maxBytes ? fileTooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(input, limit, createWriteStream(path, { mode: 0o600 }));
    return { path, bytes, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
