/**
 * The vendor presets against the published tables: every numeric value of amkor.csv (both pitch
 * columns) and deca.csv must be carried by the matching preset, with the same number, under a source
 * that names that table row; and every published source of a preset must point at a real table row.
 * The tables live outside the repository (../shared/reference/wlcsp-rules); without them the test is
 * skipped with a message.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_FIELDS, getRule, preset, type Technology } from '../../src/tech/index.ts';

const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'reference', 'wlcsp-rules');
const haveTables = fs.existsSync(path.join(RULES_DIR, 'amkor.csv')) && fs.existsSync(path.join(RULES_DIR, 'deca.csv'));
const SKIP_NOTE = `vendor rule tables not found at ${RULES_DIR} (the shared reference folder is not checked out next to the repository)`;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A table value: a number, or 'A X B' for a die extent; null for text ('exempt x.3a', 'Best practice'). */
function parseValue(s: string): number | [number, number] | null {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(\d+(?:\.\d+)?)\s*X\s*(\d+(?:\.\d+)?)$/i.exec(t);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** '(pi1_500.-.-)' -> 'pi1_500'; undefined for a non-section cell. */
function sectionName(cell: string): string | undefined {
  const m = /^\(([a-z0-9_]+)(?:\.-)*\)$/i.exec(cell.trim());
  return m?.[1];
}

interface TableValue {
  rule: string;
  value: number | [number, number];
  description: string;
}

/** Numeric rows of a table: rule id = section + '.' + row id, value from `valueCol`. */
function tableValues(rows: string[][], idCol: number, valueCol: number, descCol: number): { values: TableValue[]; rules: Set<string> } {
  const values: TableValue[] = [];
  const rules = new Set<string>();
  let section: string | undefined;
  for (const r of rows) {
    const sec = sectionName(r[idCol] ?? '');
    if (sec) {
      section = sec;
      continue;
    }
    const id = (r[idCol] ?? '').trim();
    if (!section || !id) continue;
    rules.add(`${section}.${id}`);
    const v = parseValue(r[valueCol] ?? '');
    if (v !== null) values.push({ rule: `${section}.${id}`, value: v, description: r[descCol] });
  }
  return { values, rules };
}

/** Preset rule values in table units (um, um^2, ratio, [um, um]) whose source is the given table row. */
function presetValuesFor(tech: Technology, file: string, rule: string, column: string | undefined): { id: string; value: unknown }[] {
  const out: { id: string; value: unknown }[] = [];
  for (const f of RULE_FIELDS) {
    const src = tech.sources[f.id];
    if (!src?.ref || src.ref.file !== file || src.ref.rule !== rule || src.ref.column !== column) continue;
    const v = getRule(tech.rules, f.id);
    const tableUnits =
      f.type === 'length' || f.type === 'lengthOrZero' ? (v as number) / 1000 : f.type === 'area' ? (v as number) / 1e6 : f.type === 'extent' ? (v as readonly number[]).map((x) => x / 1000) : v;
    out.push({ id: f.id, value: tableUnits });
  }
  return out;
}

const CASES = [
  { preset: 'amkor-0.4', file: 'amkor.csv', idCol: 0, valueCol: 4, descCol: 2, column: '400 um' },
  { preset: 'amkor-0.5', file: 'amkor.csv', idCol: 1, valueCol: 5, descCol: 2, column: '500 um' },
  { preset: 'deca-0.4', file: 'deca.csv', idCol: 0, valueCol: 3, descCol: 1, column: undefined },
] as const;

describe('vendor presets carry every number of the published WLCSP tables', () => {
  for (const c of CASES) {
    it(`${c.preset} has every numeric value of ${c.file}${c.column ? ` (${c.column} column)` : ''}`, (ctx) => {
      if (!haveTables) ctx.skip(SKIP_NOTE);
      const rows = parseCsv(fs.readFileSync(path.join(RULES_DIR, c.file), 'utf8'));
      const { values, rules } = tableValues(rows, c.idCol, c.valueCol, c.descCol);
      const tech = preset(c.preset);
      // The tables hold 19 (amkor, per column) and 17 (deca) numeric rules: guards against a parser that finds too few.
      expect(values.length).toBe(c.file === 'amkor.csv' ? 19 : 17);
      const missing: string[] = [];
      for (const tv of values) {
        const carried = presetValuesFor(tech, c.file, tv.rule, c.column);
        const same = carried.some((p) => JSON.stringify(p.value) === JSON.stringify(tv.value));
        if (!same) missing.push(`${tv.rule} = ${JSON.stringify(tv.value)} ("${tv.description}"); preset has ${JSON.stringify(carried)}`);
      }
      expect(missing).toEqual([]);
      // And the reverse: no published source points at a row the table does not have.
      const bogus = Object.entries(tech.sources)
        .filter(([, s]) => s.published && s.ref?.file === c.file && s.ref.column === c.column && !rules.has(s.ref.rule))
        .map(([id, s]) => `${id} -> ${s.ref!.rule}`);
      expect(bogus).toEqual([]);
    });
  }

  it('the table values with parameters in their text are carried too (deca rdl.wlcsp.2: wide = 30 um, run > 60 um)', (ctx) => {
    if (!haveTables) ctx.skip(SKIP_NOTE);
    const text = fs.readFileSync(path.join(RULES_DIR, 'deca.csv'), 'utf8');
    expect(text).toMatch(/larger than 30 um by 30 um and a run length > 60um/);
    const t = preset('deca-0.4');
    expect(t.rules.rdl.wideSpaceWidth).toBe(30_000);
    expect(t.rules.rdl.wideSpaceRunLength).toBe(60_000);
  });
});
