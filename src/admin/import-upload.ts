import busboy from "busboy";
import type { Request } from "express";
import { fileTooLarge, spoolToFile, type ImportService } from "../import";
import { AppError } from "../lib";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface Upload {
  path: string;
  bytes: number;
  name: string | null;
  remove(): Promise<void>;
}

const unsupported = () =>
  new AppError(
    "import.unsupported_media_type",
    `Send the .xlsx file as multipart/form-data (field "file") or as the body with Content-Type ${XLSX_TYPE}`,
    { status: 415 },
  );

/**
 * Receives the workbook into a temporary file, either as the raw body or as the `file` part of a
 * multipart form (what a browser form sends). Size is enforced while bytes arrive.
 */
export async function receiveUpload(req: Request, imports: ImportService): Promise<Upload> {
  const { maxBytes } = imports.limits;
  const declared = Number(req.get("content-length") ?? 0);
  const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === XLSX_TYPE) {
    if (declared > maxBytes) throw tooLarge(req, imports);
    const file = await spoolToFile(req, maxBytes);
    return { ...file, name: filenameOf(req.get("content-disposition")) };
  }
  if (type !== "multipart/form-data") throw unsupported();
  // The form's own framing adds a little; a body far over the limit is refused before it is read.
  if (declared > maxBytes + 64 * 1024) throw tooLarge(req, imports);
  return receiveMultipart(req, maxBytes);
}

function receiveMultipart(req: Request, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes + 1, fields: 20, parts: 30 },
      });
    } catch {
      reject(
        new AppError("import.bad_multipart", "The multipart/form-data body is malformed", { status: 400 }),
      );
      return;
    }
    let received: Promise<Upload> | undefined;
    const stop = (error: unknown) => {
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    parser.on("file", (field, stream, info) => {
      if (received || field !== "file") {
        stream.resume();
        return;
      }
      received = spoolToFile(stream, maxBytes).then((file) => ({ ...file, name: info.filename || null }));
      received.catch(stop);
    });
    parser.on("error", () =>
      stop(
        new AppError("import.bad_multipart", "The multipart/form-data body is malformed", { status: 400 }),
      ),
    );
    parser.on("close", () => {
      if (received) received.then(resolve, () => undefined);
      else
        reject(
          new AppError("import.no_file", 'The form has no "file" part with the .xlsx workbook', {
            status: 400,
          }),
        );
    });
    req.pipe(parser);
  });
}

function tooLarge(req: Request, imports: ImportService): AppError {
  // The unread body is drained and dropped, so the client still receives the 413.
  req.resume();
  return fileTooLarge(imports.limits.maxBytes);
}

function filenameOf(disposition: string | undefined): string | null {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? "");
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
