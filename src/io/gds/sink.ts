/**
 * Byte sinks for the streaming writer: memory (for the API and tests), a file written atomically
 * (temporary name, renamed when complete; removed on error), optionally gzip-compressed through pako.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pako from 'pako';
import { InputError } from '../../core/errors.ts';

export interface ByteSink {
  /** Takes ownership of `chunk` only for the duration of the call (copy it to keep it). */
  write(chunk: Uint8Array): void;
  /** Flushes and finishes; the output is complete only after this returns. */
  close(): void;
  /** Abandons the output: a file sink removes its temporary file. */
  abort(): void;
}

/** Collects everything in memory; `bytes()` after close. */
export class MemorySink implements ByteSink {
  private chunks: Uint8Array[] = [];
  private total = 0;
  private result: Uint8Array | null = null;
  write(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.total += chunk.length;
  }
  close(): void {
    const out = new Uint8Array(this.total);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    this.chunks = [];
    this.result = out;
  }
  abort(): void {
    this.chunks = [];
  }
  bytes(): Uint8Array {
    if (!this.result) throw new Error('MemorySink: bytes() before close()');
    return this.result;
  }
}

/** A gzip stage in front of another sink. The gzip header carries no time stamp, so output is deterministic. */
export class GzipSink implements ByteSink {
  private readonly deflate: pako.Deflate;
  constructor(private readonly inner: ByteSink, level: pako.DeflateFunctionOptions['level'] = 6) {
    this.deflate = new pako.Deflate({ gzip: true, level });
    this.deflate.onData = (chunk: Uint8Array) => inner.write(chunk);
  }
  write(chunk: Uint8Array): void {
    this.deflate.push(chunk, false);
    if (this.deflate.err) throw new Error(`gzip: ${this.deflate.msg}`);
  }
  close(): void {
    this.deflate.push(new Uint8Array(0), true);
    if (this.deflate.err) throw new Error(`gzip: ${this.deflate.msg}`);
    this.inner.close();
  }
  abort(): void {
    this.inner.abort();
  }
}

let tmpCounter = 0;

/** Writes to `<dir>/.<name>.<pid>.<n>.tmp`, renamed over `file` on close, deleted on abort. */
export class AtomicFileSink implements ByteSink {
  private fd: number;
  private readonly tmp: string;
  private done = false;
  constructor(private readonly file: string) {
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) throw new InputError('E_NO_DIR', `${file}: folder '${dir}' does not exist`);
    this.tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
    this.fd = fs.openSync(this.tmp, 'w');
  }
  write(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) off += fs.writeSync(this.fd, chunk, off, chunk.length - off);
  }
  close(): void {
    if (this.done) return;
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.file);
    this.done = true;
  }
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(this.tmp, { force: true });
  }
}

/** A file sink, gzip-compressed when the name ends in .gz. */
export function fileSink(file: string): ByteSink {
  const raw = new AtomicFileSink(file);
  return file.toLowerCase().endsWith('.gz') ? new GzipSink(raw) : raw;
}

/**
 * Writes a whole file atomically: `produce` receives the sink; on any exception the temporary file is
 * removed and the exception rethrown, so no half-written output is ever left under `file`.
 */
export function withFileSink<T>(file: string, produce: (sink: ByteSink) => T): T {
  const sink = fileSink(file);
  try {
    const result = produce(sink);
    sink.close();
    return result;
  } catch (err) {
    sink.abort();
    throw err;
  }
}

/** Writes text or bytes to a file atomically. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const sink = new AtomicFileSink(file);
  try {
    sink.write(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    sink.close();
  } catch (err) {
    sink.abort();
    throw err;
  }
}
