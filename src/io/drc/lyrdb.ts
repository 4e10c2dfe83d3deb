/**
 * KLayout report database (.lyrdb, XML) writer and a small reader of item counts. A .lyrdb opens in
 * KLayout's marker browser (Tools > Marker Browser, or `klayout layout.gds -m report.lyrdb`), where
 * a user clicks through violations by category and cell.
 *
 * Format (as KLayout 0.28 writes it): <report-database> with <categories> (name, description,
 * nested categories), <cells> (name, variant, references: parent cell and the placement as
 * 'r<deg> *<mag> x,y' in micrometres, 'm<deg>' when mirrored) and <items> (category path, cell,
 * values). Category paths use '.' between levels, so names containing dots are single-quoted.
 * Coordinates are micrometres in the item's cell.
 */

export interface LyrdbCategory {
  name: string;
  description: string;
}

export interface LyrdbCellRef {
  parent: string;
  /** Placement of the cell in the parent: translation in um, rotation in degrees, mirror about x first. */
  xUm: number;
  yUm: number;
  rotation?: number;
  mirrorX?: boolean;
  magnification?: number;
}

export interface LyrdbCell {
  name: string;
  refs?: LyrdbCellRef[];
}

export interface LyrdbPolygon {
  /** Outer ring and holes, flat [x0, y0, ...] in dbu of the report (converted with dbuUm). */
  outer: ArrayLike<number>;
  holes?: readonly ArrayLike<number>[];
}

export interface LyrdbItem {
  category: string;
  cell: string;
  polygons?: readonly LyrdbPolygon[];
  texts?: readonly string[];
  /** How many times the item occurs (placements of its cell); default 1. */
  multiplicity?: number;
}

export interface LyrdbDocument {
  description: string;
  generator: string;
  topCell: string;
  /** Database unit of the polygon coordinates, um (0.001 for wlpgen). */
  dbuUm: number;
  categories: readonly LyrdbCategory[];
  cells: readonly LyrdbCell[];
  items: readonly LyrdbItem[];
  originalFile?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number): string {
  // Up to 6 decimals (sub-nm for 1 nm dbu), no trailing zeros.
  const s = v.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** A category reference: quoted when the name holds the path separator or a quote. */
function categoryPath(name: string): string {
  return /[.'\\]/.test(name) ? `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : name;
}

function ringText(r: ArrayLike<number>, dbu: number): string {
  const pts: string[] = [];
  for (let i = 0; i < r.length; i += 2) pts.push(`${fmt(r[i] * dbu)},${fmt(r[i + 1] * dbu)}`);
  return pts.join(';');
}

export function writeLyrdb(doc: LyrdbDocument): string {
  const o: string[] = [];
  o.push('<?xml version="1.0" encoding="utf-8"?>');
  o.push('<report-database>');
  o.push(` <description>${esc(doc.description)}</description>`);
  o.push(doc.originalFile ? ` <original-file>${esc(doc.originalFile)}</original-file>` : ' <original-file/>');
  o.push(` <generator>${esc(doc.generator)}</generator>`);
  o.push(` <top-cell>${esc(doc.topCell)}</top-cell>`);
  o.push(' <tags>');
  o.push(' </tags>');
  o.push(' <categories>');
  for (const c of doc.categories) {
    o.push('  <category>');
    o.push(`   <name>${esc(c.name)}</name>`);
    o.push(`   <description>${esc(c.description)}</description>`);
    o.push('   <categories>');
    o.push('   </categories>');
    o.push('  </category>');
  }
  o.push(' </categories>');
  o.push(' <cells>');
  for (const c of doc.cells) {
    o.push('  <cell>');
    o.push(`   <name>${esc(c.name)}</name>`);
    o.push('   <variant/>');
    o.push('   <references>');
    for (const r of c.refs ?? []) {
      const rot = `${r.mirrorX ? 'm' : 'r'}${fmt(r.mirrorX ? ((r.rotation ?? 0) / 2) : (r.rotation ?? 0))}`;
      o.push('    <ref>');
      o.push(`     <parent>${esc(r.parent)}</parent>`);
      o.push(`     <trans>${rot} *${fmt(r.magnification ?? 1)} ${fmt(r.xUm)},${fmt(r.yUm)}</trans>`);
      o.push('    </ref>');
    }
    o.push('   </references>');
    o.push('  </cell>');
  }
  o.push(' </cells>');
  o.push(' <items>');
  for (const it of doc.items) {
    o.push('  <item>');
    o.push('   <tags/>');
    o.push(`   <category>${esc(categoryPath(it.category))}</category>`);
    o.push(`   <cell>${esc(it.cell)}</cell>`);
    o.push('   <visited>false</visited>');
    o.push(`   <multiplicity>${it.multiplicity ?? 1}</multiplicity>`);
    o.push('   <image/>');
    o.push('   <values>');
    for (const p of it.polygons ?? []) {
      const rings = [ringText(p.outer, doc.dbuUm), ...(p.holes ?? []).map((h) => ringText(h, doc.dbuUm))];
      o.push(`    <value>polygon: (${rings.join('/')})</value>`);
    }
    for (const t of it.texts ?? []) o.push(`    <value>text: ${esc(`'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)}</value>`);
    o.push('   </values>');
    o.push('  </item>');
  }
  o.push(' </items>');
  o.push('</report-database>');
  return o.join('\n') + '\n';
}

function unesc(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Item counts per category (top-level category name, quotes removed) of a .lyrdb text: what the
 * agreement test compares. Multiplicity is not applied (KLayout's DRC writes 1).
 */
export function lyrdbCounts(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  const head = xml.split('<cells>')[0];
  for (const m of head.matchAll(/<category>\s*<name>([^<]*)<\/name>/g)) counts.set(unesc(m[1]), 0);
  for (const m of xml.matchAll(/<item>[\s\S]*?<category>([^<]*)<\/category>[\s\S]*?<\/item>/g)) {
    let c = unesc(m[1]).trim();
    if (c.startsWith("'") && c.endsWith("'")) c = c.slice(1, -1).replace(/\\(.)/g, '$1');
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}
