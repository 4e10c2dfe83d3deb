/** The summary `wlpgen info` prints: a GDSII library's units, cells, top cells, layers and extent. */
import { cellBBox, layerStats, type LayerStats } from '../../core/hierarchy.ts';
import type { Library } from '../../core/library.ts';
import type { Box } from '../../core/box.ts';
import { unionBox } from '../../core/box.ts';

/** The JSON form of `wlpgen info --json` (a contract: see DESIGN.md). */
export interface LibrarySummary {
  library: string;
  /** Database unit in micrometres. */
  dbuUm: number;
  cells: number;
  top: string[];
  /** [x0, y0, x1, y1] in micrometres, or null for an empty library. */
  bboxUm: [number, number, number, number] | null;
  /** Flattened through every reference and array, summed over the top cells; sorted by layer, datatype. */
  layers: { layer: number; datatype: number; polygons: number; paths: number; texts: number }[];
}

export function summarizeLibrary(lib: Library): LibrarySummary & { areasUm2: Map<string, number> } {
  const tops = lib.topCells();
  const memo = new Map();
  let box: Box | null = null;
  const merged = new Map<string, LayerStats>();
  for (const t of tops) {
    box = unionBox(box, cellBBox(t, memo));
    for (const s of layerStats(t)) {
      const k = `${s.layer}/${s.datatype}`;
      const e = merged.get(k);
      if (!e) merged.set(k, { ...s });
      else {
        e.polygons += s.polygons;
        e.paths += s.paths;
        e.texts += s.texts;
        e.polygonArea += s.polygonArea;
      }
    }
  }
  const dbu = lib.dbuUm;
  // Round micrometre values to the dbu's decimal places so 0.1 + 0.2 noise never reaches the output.
  const decimals = Math.max(0, Math.ceil(-Math.log10(dbu)) + 1);
  const toUm = (v: number) => Number((v * dbu).toFixed(decimals));
  const layers = [...merged.values()].sort((a, b) => a.layer - b.layer || a.datatype - b.datatype);
  return {
    library: lib.name,
    dbuUm: Number(dbu.toPrecision(12)),
    cells: lib.cellCount,
    top: tops.map((c) => c.name),
    bboxUm: box ? [toUm(box.x0), toUm(box.y0), toUm(box.x1), toUm(box.y1)] : null,
    layers: layers.map((s) => ({ layer: s.layer, datatype: s.datatype, polygons: s.polygons, paths: s.paths, texts: s.texts })),
    areasUm2: new Map(layers.map((s) => [`${s.layer}/${s.datatype}`, s.polygonArea * dbu * dbu])),
  };
}

/** The human-readable form of the summary. */
export function formatSummary(s: LibrarySummary, file?: string): string {
  const lines: string[] = [];
  if (file) lines.push(`file:     ${file}`);
  lines.push(`library:  ${s.library}`);
  lines.push(`units:    1 dbu = ${s.dbuUm} um`);
  lines.push(`cells:    ${s.cells}`);
  lines.push(`top:      ${s.top.join(', ') || '(none)'}`);
  if (s.bboxUm) {
    const [x0, y0, x1, y1] = s.bboxUm;
    lines.push(`bbox:     (${x0}, ${y0}) .. (${x1}, ${y1}) um   [${Number((x1 - x0).toPrecision(12))} x ${Number((y1 - y0).toPrecision(12))} um]`);
  } else lines.push('bbox:     (empty)');
  lines.push('layers (flattened):');
  lines.push('  layer/dt      polygons        paths        texts');
  for (const l of s.layers) {
    lines.push(`  ${`${l.layer}/${l.datatype}`.padEnd(9)} ${String(l.polygons).padStart(12)} ${String(l.paths).padStart(12)} ${String(l.texts).padStart(12)}`);
  }
  return lines.join('\n') + '\n';
}
