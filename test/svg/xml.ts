/**
 * Test-side readers for the SVG writer's output: a small strict XML parser (it throws on anything
 * not well-formed, so escaping bugs fail loudly), SVG transform and path-data parsers, and a walker
 * that follows <use> references and composes transforms down to every drawn element.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: number): string {
  if (s.includes('<')) throw new Error(`xml: raw '<' in character data near ${where}`);
  return s.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`xml: bare '&' near ${where}`);
    if (body in ENTITIES) return ENTITIES[body];
    if (/^#[0-9]+$/.test(body)) return String.fromCodePoint(Number(body.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(body)) return String.fromCodePoint(parseInt(body.slice(2), 16));
    throw new Error(`xml: unknown entity &${body}; near ${where}`);
  });
}

/** Parses a document (one root element, optional <?xml?> declaration and comments). Throws when malformed. */
export function parseXml(src: string): XmlElement {
  let pos = 0;
  const skipMisc = () => {
    for (;;) {
      const m = /^\s*/.exec(src.slice(pos))!;
      pos += m[0].length;
      if (src.startsWith('<?', pos)) pos = src.indexOf('?>', pos) + 2;
      else if (src.startsWith('<!--', pos)) pos = src.indexOf('-->', pos) + 3;
      else return;
    }
  };
  const parseElement = (): XmlElement => {
    const open = /^<([A-Za-z_][\w:.-]*)/.exec(src.slice(pos, pos + 200));
    if (!open) throw new Error(`xml: expected an element at ${pos}: ${JSON.stringify(src.slice(pos, pos + 40))}`);
    const el: XmlElement = { name: open[1], attrs: {}, children: [], text: '' };
    pos += open[0].length;
    for (;;) {
      const ws = /^\s*/.exec(src.slice(pos, pos + 100))!;
      pos += ws[0].length;
      if (src.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (src[pos] === '>') {
        pos++;
        break;
      }
      if (!ws[0].length) throw new Error(`xml: expected whitespace before an attribute at ${pos}`);
      const a = /^([A-Za-z_][\w:.-]*)="([^"]*)"/.exec(src.slice(pos, src.indexOf('"', src.indexOf('"', pos) + 1) + 1));
      if (!a) throw new Error(`xml: bad attribute at ${pos}: ${JSON.stringify(src.slice(pos, pos + 40))}`);
      if (a[1] in el.attrs) throw new Error(`xml: duplicate attribute ${a[1]} at ${pos}`);
      el.attrs[a[1]] = decode(a[2], pos);
      pos += a[0].length;
    }
    for (;;) {
      const lt = src.indexOf('<', pos);
      if (lt < 0) throw new Error(`xml: <${el.name}> is not closed`);
      el.text += decode(src.slice(pos, lt), pos);
      pos = lt;
      if (src.startsWith('</', pos)) {
        const close = /^<\/([A-Za-z_][\w:.-]*)\s*>/.exec(src.slice(pos, pos + 200));
        if (!close || close[1] !== el.name) throw new Error(`xml: </${close?.[1]}> closes <${el.name}> at ${pos}`);
        pos += close[0].length;
        return el;
      }
      if (src.startsWith('<!--', pos)) {
        pos = src.indexOf('-->', pos) + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', pos)) {
        // Character data taken literally (inline scripts hold '<' and '&').
        const end = src.indexOf(']]>', pos);
        if (end < 0) throw new Error(`xml: unterminated CDATA section at ${pos}`);
        el.text += src.slice(pos + 9, end);
        pos = end + 3;
        continue;
      }
      el.children.push(parseElement());
    }
  };
  skipMisc();
  const root = parseElement();
  skipMisc();
  if (pos !== src.length) throw new Error(`xml: content after the root element at ${pos}`);
  return root;
}

/** Every element below (and including) `el`, depth first in document order. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

export function find(root: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  return [...walk(root)].filter(pred);
}

/** SVG affine matrix [a, b, c, d, e, f]: x' = a x + c y + e, y' = b x + d y + f. */
export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** outer * inner: apply `inner` first. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Parses a transform attribute of translate(), scale() and matrix() items. */
export function parseTransform(attr: string | undefined): Matrix {
  let m: Matrix = IDENTITY;
  if (!attr) return m;
  const re = /(\w+)\(([^)]*)\)/g;
  let k: RegExpExecArray | null;
  while ((k = re.exec(attr))) {
    const v = k[2].trim().split(/[\s,]+/).map(Number);
    let t: Matrix;
    if (k[1] === 'matrix' && v.length === 6) t = v as Matrix;
    else if (k[1] === 'translate') t = [1, 0, 0, 1, v[0], v[1] ?? 0];
    else if (k[1] === 'scale') t = [v[0], 0, 0, v[1] ?? v[0], 0, 0];
    else throw new Error(`unsupported transform item ${k[0]}`);
    m = multiply(m, t);
  }
  return m;
}

/** Subpaths of SVG path data as absolute points (M m L l H h V v Z z only: what the writer emits). */
export function parsePathData(d: string): { points: [number, number][]; closed: boolean }[] {
  const tokens = d.match(/[MmLlHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g) ?? [];
  const subs: { points: [number, number][]; closed: boolean }[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let cmd = '';
  let i = 0;
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i])) cmd = tokens[i++];
    switch (cmd) {
      case 'M':
      case 'm': {
        const x = num();
        const y = num();
        cx = cmd === 'M' ? x : cx + x;
        cy = cmd === 'M' ? y : cy + y;
        sx = cx;
        sy = cy;
        subs.push({ points: [[cx, cy]], closed: false });
        cmd = cmd === 'M' ? 'L' : 'l';
        break;
      }
      case 'L': cx = num(); cy = num(); subs.at(-1)!.points.push([cx, cy]); break;
      case 'l': cx += num(); cy += num(); subs.at(-1)!.points.push([cx, cy]); break;
      case 'H': cx = num(); subs.at(-1)!.points.push([cx, cy]); break;
      case 'h': cx += num(); subs.at(-1)!.points.push([cx, cy]); break;
      case 'V': cy = num(); subs.at(-1)!.points.push([cx, cy]); break;
      case 'v': cy += num(); subs.at(-1)!.points.push([cx, cy]); break;
      case 'Z':
      case 'z':
        subs.at(-1)!.closed = true;
        cx = sx;
        cy = sy;
        break;
      default:
        throw new Error(`path data: unexpected ${tokens[i]} after '${cmd}'`);
    }
  }
  // Relative steps accumulate in floating point: snap to the nm the writer works in.
  for (const s of subs) for (const p of s.points) { p[0] = Math.round(p[0] * 1000) / 1000; p[1] = Math.round(p[1] * 1000) / 1000; }
  return subs;
}

export interface Placed {
  el: XmlElement;
  /** Composed transform from the element's own frame to the SVG page frame. */
  matrix: Matrix;
  /** Chain of definition ids the element was reached through. */
  via: string[];
}

/**
 * Every drawn element (path, text, circle, rect) below `start`, following <use href> into <defs>,
 * with the composed transform to the page frame. `start` defaults to the #layout group.
 */
export function placedElements(root: XmlElement, start?: XmlElement): Placed[] {
  const byId = new Map<string, XmlElement>();
  for (const e of walk(root)) if (e.attrs.id) byId.set(e.attrs.id, e);
  const from = start ?? byId.get('layout');
  if (!from) throw new Error('no #layout group');
  const out: Placed[] = [];
  const visit = (e: XmlElement, m: Matrix, via: string[]) => {
    const here = multiply(m, parseTransform(e.attrs.transform));
    if (e.name === 'use') {
      const id = e.attrs.href?.replace(/^#/, '');
      const target = id ? byId.get(id) : undefined;
      if (!target) throw new Error(`<use href="${e.attrs.href}"> points nowhere`);
      visit(target, here, [...via, id!]);
      return;
    }
    if (e.name === 'path' || e.name === 'text' || e.name === 'circle' || e.name === 'rect') out.push({ el: e, matrix: here, via });
    for (const c of e.children) visit(c, here, via);
  };
  visit(from, IDENTITY, []);
  return out;
}
