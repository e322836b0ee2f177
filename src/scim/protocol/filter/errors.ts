/**
 * Any filter the server cannot parse or compile. The HTTP layer answers it with
 * `400` and `scimType: "invalidFilter"` (RFC 7644 §3.12); `message` is safe to show the client.
 */
export class FilterError extends Error {
  /** 0-based offset in the filter text; null for errors found after parsing (e.g. unknown attribute). */
  readonly position: number | null;

  constructor(message: string, position: number | null = null) {
    super(position === null ? message : `${message} (at position ${position})`);
    this.name = "FilterError";
    this.position = position;
  }
}
