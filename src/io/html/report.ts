/**
 * The HTML report (`<name>.html` beside the GDS): one self-contained file a person opens to see what a
 * build made. Inline CSS, inline SVG (wafer map, die view) and one inline script (the map's pan/zoom);
 * no URL to anywhere, so it opens offline and from an archive.
 *
 * Sections: summary figures, wafer map, die view, nets (pads, bumps, length), DRC / LVS / plating,
 * die count and grid offset, post mechanics (`report.mech`), any other section the report carries
 * (stack, chain, ...), timings, and the exact command and design that produced it.
 * Sections this module does not know are rendered generically (scalars as a key/value table, arrays
 * of row objects as tables capped at ROW_CAP rows with the count), so new report fields show up
 * without a change here.
 *
 * Deterministic: same input, same bytes (no dates, no random ids; timings only when the report has them).
 */
import YAML from 'yaml';
import type { Cell } from '../../core/cell.ts';
import type { BuildReport } from '../../design/pipeline.ts';
import type { WaferBuild } from '../../wafer/map.ts';
import type { LayerStyle } from '../svg/index.ts';
import { dieViewSvg, splitViolations, waferMapData, type NetGeometry } from './previews.ts';
import { waferMapSvg } from '../svg/wafermap.ts';

/** Rows shown per table; the rest are counted ("showing 200 of 2,524"). */
export const ROW_CAP = 200;

export interface HtmlReportInput {
  report: BuildReport;
  /** The design as given (after variant merging), shown as YAML. */
  source: unknown;
  die: Cell;
  /** Layer styles of the die view (the .lyp colours). */
  layers: LayerStyle[];
  nets: readonly NetGeometry[];
  wafer?: WaferBuild;
}

/** Top-level report keys with a section of their own; every other key is rendered generically. */
const KNOWN = new Set(['name', 'design', 'command', 'tech', 'layers', 'die', 'wafer', 'routing', 'drc', 'lvs', 'plating', 'clean', 'timings', 'mech']);

/** Escapes text for HTML element content and quoted attributes. */
export function htmlEscape(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A number for people: integers with thousands separators, others with at most 3 decimals. */
export function fmtValue(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return String(Math.round(v * 1000) / 1000);
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) {
    const shown = v.slice(0, 20).map(fmtValue).join(', ');
    return v.length > 20 ? `${shown}, … (${v.length})` : shown;
  }
  const json = JSON.stringify(v);
  return json.length > 200 ? json.slice(0, 199) + '…' : json;
}

const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object'));

/** "camelCaseUm" -> "camel case (µm)": units taken from the name's suffix. */
export function humanKey(k: string): string {
  const units: Array<[RegExp, string]> = [[/Um$/, 'µm'], [/Mm$/, 'mm'], [/Ms$/, 'ms'], [/MPa$/, 'MPa'], [/Nm$/, 'nm'], [/C$/, '°C'], [/Pct$/, '%']];
  let unit = '';
  let base = k;
  for (const [re, u] of units) {
    if (re.test(k) && k.length > 2) {
      unit = u;
      base = k.replace(re, '');
      break;
    }
  }
  const words = base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return unit ? `${words} (${unit})` : words;
}

/** A table of rows; columns are the union of the rows' keys in order of appearance; at most ROW_CAP rows. */
export function rowsTable(rows: readonly Record<string, unknown>[], cls = '', columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const shown = rows.slice(0, ROW_CAP);
  const out = [`<table class="rows${cls ? ' ' + cls : ''}"><thead><tr>${cols.map((c) => `<th>${htmlEscape(humanKey(c))}</th>`).join('')}</tr></thead><tbody>`];
  for (const r of shown) {
    out.push(`<tr${r.__class ? ` class="${htmlEscape(String(r.__class))}"` : ''}>${cols.map((c) => `<td${typeof r[c] === 'number' ? ' class="num"' : ''}>${htmlEscape(fmtValue(r[c]))}</td>`).join('')}</tr>`);
  }
  out.push('</tbody></table>');
  if (rows.length > shown.length) out.push(`<p class="cap">showing ${shown.length} of ${rows.length.toLocaleString('en-US')} rows</p>`);
  return out.join('');
}

/** Key/value table of an object's scalar fields. */
export function kvTable(obj: Record<string, unknown>, cls = ''): string {
  const rows = Object.entries(obj).filter(([k, v]) => isScalar(v) && !k.startsWith('__'));
  if (!rows.length) return '';
  return `<table class="kv${cls ? ' ' + cls : ''}"><tbody>${rows.map(([k, v]) => `<tr><th>${htmlEscape(humanKey(k))}</th><td${typeof v === 'number' ? ' class="num"' : ''}>${htmlEscape(fmtValue(v))}</td></tr>`).join('')}</tbody></table>`;
}

/**
 * Any JSON-like value as HTML: scalars of an object as one key/value table, arrays of row objects as
 * tables (capped), nested objects under their own heading; `depth` picks the heading level.
 */
export function genericHtml(value: unknown, depth = 3): string {
  if (Array.isArray(value)) {
    if (value.length && value.every(isRow)) return rowsTable(value as Record<string, unknown>[]);
    return `<p>${htmlEscape(fmtValue(value))}</p>`;
  }
  if (!isRow(value)) return `<p>${htmlEscape(fmtValue(value))}</p>`;
  const out = [kvTable(value)];
  const h = `h${Math.min(6, depth)}`;
  for (const [k, v] of Object.entries(value)) {
    if (isScalar(v)) continue;
    const count = Array.isArray(v) ? ` <span class="count">(${v.length.toLocaleString('en-US')})</span>` : '';
    out.push(`<${h}>${htmlEscape(humanKey(k))}${count}</${h}>`, genericHtml(v, depth + 1));
  }
  return out.join('\n');
}

const CSS = `
:root{--ok:#1f8a4c;--bad:#c62828;--warn:#b26a00;--muted:#5b6472;--line:#d9dee5;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "DejaVu Sans",Arial,Helvetica,sans-serif;color:#111827;background:var(--bg)}
header{background:#111827;color:#f3f4f6;padding:14px 24px}
header h1{margin:0 0 4px;font-size:22px}
header .sub{color:#c5cad3;font-size:13px}
nav{background:#fff;border-bottom:1px solid var(--line);padding:6px 24px;position:sticky;top:0;z-index:2}
nav a{margin-right:14px;color:#2f5fd0;text-decoration:none;font-size:13px}
main{padding:16px 24px;max-width:1400px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{margin:0 0 10px;font-size:18px}
h3,h4,h5,h6{margin:12px 0 6px;font-size:15px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:bold;font-size:13px;color:#fff}
.badge.ok{background:var(--ok)}.badge.bad{background:var(--bad)}.badge.warn{background:var(--warn)}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:140px;background:#fbfcfd}
.card .v{font-size:20px;font-weight:bold}.card .k{color:var(--muted);font-size:12px}
.card.bad .v{color:var(--bad)}.card.ok .v{color:var(--ok)}
table{border-collapse:collapse;margin:4px 0 8px;font-size:13px}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f0f2f5;position:sticky;top:34px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.kv th{background:#f7f8fa;font-weight:normal;color:var(--muted)}
tr.failed td{background:#fdecec;color:var(--bad)}
.cap,.count,.note{color:var(--muted);font-size:12px}
.figure{overflow:auto;max-width:100%}
.figure svg{max-width:100%;height:auto;display:block}
pre{background:#0f172a;color:#e5e7eb;padding:10px 12px;border-radius:6px;overflow:auto;font-size:12.5px;max-height:480px}
.two{display:flex;flex-wrap:wrap;gap:24px}
`;

/** The design as YAML, lists of scalars on one line ([3000, 3000]) as people write them. */
export function designYaml(source: unknown): string {
  const doc = new YAML.Document(source ?? null);
  YAML.visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => YAML.isScalar(i))) node.flow = true;
    },
  });
  return doc.toString();
}

/** An SVG document as an inline element (the XML declaration is not allowed inside HTML). */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*\?>\s*/, '');
}

function card(k: string, v: string, cls = ''): string {
  return `<div class="card${cls ? ' ' + cls : ''}"><div class="v">${htmlEscape(v)}</div><div class="k">${htmlEscape(k)}</div></div>`;
}

/** Renders the report page; see the module notes. */
export function htmlReport(input: HtmlReportInput): string {
  const r = input.report;
  const rec = r as unknown as Record<string, unknown>;
  const split = splitViolations(r.drc.violations, input.wafer);
  const sections: Array<{ id: string; title: string; body: string }> = [];

  // Summary.
  const cards: string[] = [];
  if (r.wafer) {
    cards.push(card('whole dies', fmtValue(r.wafer.diesPlaced)));
    cards.push(card('partial sites', fmtValue(r.wafer.partialSites)));
    cards.push(card('grid offset (µm)', `${fmtValue(r.wafer.offsetUm[0])}, ${fmtValue(r.wafer.offsetUm[1])}`));
  }
  cards.push(card('die (µm)', `${fmtValue(r.die.sizeUm[0])} × ${fmtValue(r.die.sizeUm[1])}`));
  cards.push(card('nets routed', `${r.routing.routed} / ${r.routing.nets}`, r.routing.failed ? 'bad' : 'ok'));
  cards.push(card('wirelength (µm)', fmtValue(r.routing.wirelengthUm)));
  cards.push(card('DRC violations', r.drc.ran ? fmtValue(r.drc.total) : 'not run', !r.drc.ran ? '' : r.drc.total ? 'bad' : 'ok'));
  cards.push(card('LVS', r.lvs.ran ? (r.lvs.ok ? 'ok' : `${r.lvs.opens} opens, ${r.lvs.shorts} shorts`) : 'not run', !r.lvs.ran ? '' : r.lvs.ok ? 'ok' : 'bad'));
  if (r.plating) cards.push(card('plating', r.plating.connectedBeforeDicing && r.plating.isolatedAfterDicing ? 'ok' : 'failed', r.plating.connectedBeforeDicing && r.plating.isolatedAfterDicing ? 'ok' : 'bad'));
  sections.push({ id: 'summary', title: 'Summary', body: `<div class="cards">${cards.join('')}</div>` });

  if (input.wafer) {
    const map = waferMapSvg(waferMapData(input.wafer, r.name, split.wafer));
    sections.push({ id: 'wafer-map', title: 'Wafer map', body: `<div class="figure" id="wafer-map-figure">${inlineSvg(map)}</div>` });
  }
  const failedNets = r.routing.failures.length;
  const dieSvg = dieViewSvg(input.die, input.layers, input.nets, split.die, `${r.name}: die ${input.die.name}`);
  sections.push({
    id: 'die-view',
    title: 'Die view',
    body:
      `<p class="note">Layer colours as in ${htmlEscape(r.name)}.lyp. Hover the metal for its net; ` +
      `${failedNets ? `<b>${failedNets} failed net${failedNets === 1 ? '' : 's'}</b> in red` : 'no failed nets'}, ` +
      `${split.die.length ? `<b>${split.die.length} DRC violation location${split.die.length === 1 ? '' : 's'}</b> marked` : 'no DRC violations in the die'}.</p>` +
      `<div class="figure" id="die-view-figure">${inlineSvg(dieSvg)}</div>`,
  });

  // Nets.
  const failedReason = new Map(r.routing.failures.map((f) => [f.net, f.reason]));
  const netRows = r.routing.table.map((n) => ({ net: n.net, pads: n.pads, bumps: n.bumps, lengthUm: n.lengthUm, routed: n.routed, note: failedReason.get(n.net) ?? '', ...(n.routed ? {} : { __class: 'failed' }) }));
  sections.push({
    id: 'nets',
    title: `Nets (${r.routing.nets})`,
    body:
      kvTable({ nets: r.routing.nets, routed: r.routing.routed, failed: r.routing.failed, wirelengthUm: r.routing.wirelengthUm, lowerBoundUm: r.routing.lowerBoundUm, ratio: r.routing.ratio, unassignedPads: r.routing.unassigned.pads, unassignedBumps: r.routing.unassigned.bumps, tiesRouted: r.routing.ties.requested ? r.routing.ties.routed : 'not requested' }) +
      rowsTable(netRows, 'nets', ['net', 'pads', 'bumps', 'lengthUm', 'routed', 'note']),
  });

  // Verification.
  const drcRules = Object.entries(r.drc.byRule).map(([rule, count]) => ({ rule, count }));
  const verify = [
    `<h3>DRC ${r.drc.ran ? (r.drc.total ? `<span class="badge bad">${fmtValue(r.drc.total)} violations</span>` : '<span class="badge ok">clean</span>') : '<span class="badge warn">not run</span>'}</h3>`,
    r.drc.ran ? kvTable({ rulesChecked: r.drc.rulesChecked, total: r.drc.total }) : '',
    drcRules.length ? rowsTable(drcRules, 'drc-rules') : '',
    r.drc.violations.length ? `<h4>Violation locations (top frame)</h4>${rowsTable(r.drc.violations.map((v) => ({ rule: v.rule, cell: v.cell, xUm: v.xyUm[0], yUm: v.xyUm[1], __class: 'failed' })), 'drc-violations')}` : '',
    r.drc.rulesSkipped.length ? `<h4>Rules skipped</h4>${rowsTable(r.drc.rulesSkipped, 'drc-skipped')}` : '',
    `<h3>LVS ${r.lvs.ran ? (r.lvs.ok ? '<span class="badge ok">ok</span>' : '<span class="badge bad">mismatch</span>') : '<span class="badge warn">not run</span>'}</h3>`,
    kvTable({ opens: r.lvs.opens, shorts: r.lvs.shorts, missing: r.lvs.missing }),
    r.lvs.details.length ? rowsTable(r.lvs.details.map((d) => ({ detail: d })), 'lvs-details') : '',
    `<h3>Plating ${r.plating ? (r.plating.connectedBeforeDicing && r.plating.isolatedAfterDicing ? '<span class="badge ok">ok</span>' : '<span class="badge bad">failed</span>') : '<span class="badge warn">no plating network</span>'}</h3>`,
    r.plating ? kvTable({ ran: r.plating.ran, connectedBeforeDicing: r.plating.connectedBeforeDicing, isolatedAfterDicing: r.plating.isolatedAfterDicing }) : '',
    r.plating?.details.length ? rowsTable(r.plating.details.map((d) => ({ detail: d })), 'plating-details') : '',
  ];
  sections.push({ id: 'verification', title: 'DRC, LVS, plating', body: verify.join('\n') });

  // Die and wafer figures.
  const dieFigures = [`<h3>Die</h3>`, genericHtml(r.die, 4)];
  if (r.wafer) dieFigures.push(`<h3>Wafer: die count and grid offset</h3>`, genericHtml({ ...r.wafer, offsetUm: `${fmtValue(r.wafer.offsetUm[0])}, ${fmtValue(r.wafer.offsetUm[1])}`, pitchUm: `${fmtValue(r.wafer.pitchUm[0])} × ${fmtValue(r.wafer.pitchUm[1])}` }, 4));
  if (input.wafer?.report.plating) dieFigures.push('<h3>Plating network</h3>', genericHtml(input.wafer.report.plating, 4));
  sections.push({ id: 'figures', title: 'Die and wafer', body: dieFigures.join('\n') });

  if (rec.mech !== undefined && rec.mech !== null) sections.push({ id: 'mech', title: 'Post mechanics', body: genericHtml(rec.mech) });
  for (const [k, v] of Object.entries(rec)) {
    if (KNOWN.has(k) || v === undefined || v === null) continue;
    sections.push({ id: `extra-${k.replace(/[^A-Za-z0-9_-]/g, '-')}`, title: humanKey(k).replace(/^./, (c) => c.toUpperCase()), body: genericHtml(v) });
  }
  if (r.timings) sections.push({ id: 'timings', title: 'Timings', body: kvTable(r.timings) });
  sections.push({ id: 'layers', title: 'Layers', body: rowsTable(Object.entries(r.layers).map(([name, [layer, datatype]]) => ({ name, layer, datatype })), 'layers') });
  sections.push({
    id: 'provenance',
    title: 'Command and design',
    body:
      `<h3>Command</h3><pre id="command">${htmlEscape(r.command)}</pre>` +
      `<h3>Design${r.design ? ` <span class="count">${htmlEscape(r.design)}</span>` : ''}</h3><pre id="design-source">${htmlEscape(designYaml(input.source))}</pre>` +
      `<p class="note">tech ${htmlEscape(r.tech)} · wlpgen</p>`,
  });

  const status = r.clean ? '<span class="badge ok">clean</span>' : r.drc.ran || r.lvs.ran ? '<span class="badge bad">violations</span>' : '<span class="badge warn">not verified</span>';
  const sub = [`tech ${r.tech}`, r.design ? `design ${r.design}` : '', r.wafer ? `${fmtValue(r.wafer.diameterMm)} mm wafer, ${fmtValue(r.wafer.diesPlaced)} dies` : 'single die'].filter(Boolean).join(' · ');
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push('<html lang="en"><head><meta charset="utf-8">');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  // No network at all: a CSP that forbids every fetch, so a stray URL cannot leak out or stall the page.
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
  out.push(`<title>${htmlEscape(r.name)}: wlpgen report</title>`);
  out.push(`<style>${CSS}</style></head><body>`);
  out.push(`<header><h1>${htmlEscape(r.name)} ${status}</h1><div class="sub">${htmlEscape(sub)}</div></header>`);
  out.push(`<nav>${sections.map((s) => `<a href="#${s.id}">${htmlEscape(s.title)}</a>`).join('')}</nav>`);
  out.push('<main>');
  for (const s of sections) out.push(`<section id="${s.id}"><h2>${htmlEscape(s.title)}</h2>\n${s.body}\n</section>`);
  out.push('</main></body></html>');
  return out.join('\n') + '\n';
}
