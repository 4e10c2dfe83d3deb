/**
 * Text formatting for the SVG writer: numbers, escaping, ids and path data.
 *
 * The SVG user unit is 1 um. Layout coordinates are integer dbu (1 nm), so every coordinate is
 * written as an exact decimal number of micrometres with at most 3 decimals (1500 dbu -> "1.5"):
 * lossless, short, and readable in a text editor next to the GDS numbers shown in micrometres by
 * KLayout. Derived values (legend positions, matrices) are rounded to a fixed number of decimals.
 * Every function here is pure, so equal input gives an identical string.
 */
import { DBU_PER_UM } from '../../core/units.ts';

/**
 * Integer dbu as an exact decimal number of micrometres: 1500 -> "1.5", -20 -> "-0.02", 0 -> "0".
 * Non-integer input is rounded to the nearest dbu first (path extensions on diagonal segments).
 */
export function fmtUm(dbu: number): string {
  const v = Math.round(dbu);
  if (v === 0) return '0';
  const neg = v < 0;
  const a = neg ? -v : v;
  const whole = Math.floor(a / DBU_PER_UM);
  const frac = a - whole * DBU_PER_UM;
  let s = String(whole);
  if (frac !== 0) {
    let f = String(frac).padStart(3, '0');
    while (f.endsWith('0')) f = f.slice(0, -1);
    s += '.' + f;
  }
  return neg ? '-' + s : s;
}

/** A float with at most `decimals` decimals, trailing zeros stripped, never "-0". */
export function fmtNum(x: number, decimals: number): string {
  if (!Number.isFinite(x)) throw new Error(`svg: cannot write non-finite number ${x}`);
  let s = x.toFixed(Math.max(0, Math.min(20, decimals)));
  if (s.includes('.')) {
    s = s.replace(/0+$/, '');
    if (s.endsWith('.')) s = s.slice(0, -1);
  }
  return s === '-0' ? '0' : s;
}

/**
 * Characters XML 1.0 forbids even when escaped: C0 controls other than tab, newline and carriage
 * return, U+FFFE/U+FFFF, and unpaired surrogates. GDS text may hold any bytes; one such character
 * would make the whole document unreadable, so they become U+FFFD.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for SVG/XML element content and double- or single-quoted attribute values:
 * & < > " ' become entities, and characters XML cannot hold at all become U+FFFD.
 */
export function svgEscape(text: string): string {
  return String(text)
    .replace(XML_INVALID, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * Hands out XML ids (and CSS class suffixes) made from arbitrary names: characters outside
 * [A-Za-z0-9_-] become '_', the result is cut to `maxLength`, and a "-2", "-3", ... suffix keeps it
 * unique. Allocation order decides the suffixes, so callers allocate in a deterministic order.
 */
export class NameAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly maxLength = 64) {}

  /** A unique name `prefix + sanitized(name)`. */
  allocate(prefix: string, name: string): string {
    let base = prefix + name.replace(/[^A-Za-z0-9_-]/g, '_');
    if (base.length > this.maxLength) base = base.slice(0, this.maxLength);
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}-${k}`;
    this.used.add(id);
    return id;
  }
}

/**
 * Builds compact SVG path data from integer dbu coordinates: the first point absolute ("M"), every
 * later point relative ("m", "l", "h", "v"), so repeated shapes cost only their small local numbers.
 * Relative steps are computed in integer dbu and written exactly, so there is no rounding drift.
 */
export class PathDataBuilder {
  /** The data so far: one growing string (V8 concatenates ropes cheaply; an array of pieces costs more in GC). */
  private data = '';
  private cx = 0;
  private cy = 0;
  private started = false;
  /** Start of the current subpath (where "z" returns the pen), dbu. */
  private sx = 0;
  private sy = 0;

  get isEmpty(): boolean {
    return this.data.length === 0;
  }

  moveTo(x: number, y: number): void {
    x = Math.round(x);
    y = Math.round(y);
    this.data += this.started ? 'm' + pair(x - this.cx, y - this.cy) : 'M' + pair(x, y);
    this.started = true;
    this.cx = this.sx = x;
    this.cy = this.sy = y;
  }

  lineTo(x: number, y: number): void {
    x = Math.round(x);
    y = Math.round(y);
    const dx = x - this.cx;
    const dy = y - this.cy;
    if (dx === 0 && dy === 0) return;
    this.data += dy === 0 ? 'h' + fmtUm(dx) : dx === 0 ? 'v' + fmtUm(dy) : 'l' + pair(dx, dy);
    this.cx = x;
    this.cy = y;
  }

  close(): void {
    this.data += 'z';
    this.cx = this.sx;
    this.cy = this.sy;
  }

  /** A closed ring of flat dbu coordinates [x0, y0, x1, y1, ...]. */
  ring(c: ArrayLike<number>): void {
    this.moveTo(c[0], c[1]);
    for (let i = 2; i < c.length; i += 2) this.lineTo(c[i], c[i + 1]);
    this.close();
  }

  /** An open polyline of flat dbu coordinates. */
  polyline(c: ArrayLike<number>): void {
    this.moveTo(c[0], c[1]);
    for (let i = 2; i < c.length; i += 2) this.lineTo(c[i], c[i + 1]);
  }

  toString(): string {
    return this.data;
  }
}

/** "x y" in um, with the separator dropped before a minus sign (valid SVG number syntax). */
function pair(x: number, y: number): string {
  const b = fmtUm(y);
  return fmtUm(x) + (b.charCodeAt(0) === 45 ? '' : ' ') + b;
}
