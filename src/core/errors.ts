/**
 * Error classes of wlpgen. Every error carries a stable `code` so callers (the CLI, the batch runner,
 * tests) can tell bad input (exit 2) from a bug, and a message built from the objects at fault.
 */

/** Base class: all errors raised deliberately by wlpgen. */
export class WlpgenError extends Error {
  /** Stable machine-readable code, e.g. 'E_OFF_GRID'. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input to the API (parameters, coordinates, names). Maps to CLI exit code 2. */
export class InputError extends WlpgenError {}

/** A GDSII stream that cannot be read: names the byte offset and the record where reading stopped. */
export class GdsFormatError extends WlpgenError {
  /** Byte offset of the record at fault, from the start of the (decompressed) stream. */
  readonly offset: number;
  /** Name of the record being read, e.g. 'XY', or 'header' when the 4-byte record header itself is bad. */
  readonly record: string;
  constructor(message: string, offset: number, record: string, file?: string) {
    super('E_GDS_FORMAT', `${file ? file + ': ' : ''}byte ${offset}, record ${record}: ${message}`);
    this.offset = offset;
    this.record = record;
  }
}

/** A diagnostic that is data, not an exception: warnings from the reader, the router and the checker alike. */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  location?: { cell?: string; layer?: string; xyUm?: [number, number]; offset?: number };
}
