/**
 * Stacked packages (src/stack): two- and four-tier stacks build clean, measured on the output (DRC,
 * the stack checks, cross-tier LVS through the connectivity engine, shapes on every tier layer); a TSV
 * moved off its landing pad and a missing TSV are found by the checks, with their locations.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../../src/core/cell.ts';
import { layerStats } from '../../src/core/hierarchy.ts';
import { build, type BuildResult } from '../../src/design/pipeline.ts';
import { parseDesign } from '../../src/design/index.ts';
import { checkStack, tsvSites, type StackBuild } from '../../src/stack/index.ts';

const ring = (count: number, pitch = 200) => ({ ring: { count, pitch, size: [80, 80], inset: 70 } });

function stackDesign(tiers: object[], bumps: object, size = 3000) {
  return parseDesign({
    name: `stack${tiers.length}`,
    tech: 'amkor-0.4',
    die: { size: [size, size], pads: ring(12), bumps },
    stack: { tiers, tsv: { diameter: 40, landing: 80 } },
  })[0];
}

/** Layers of the stack technology that carry at least one shape under `cell`. */
function layersWithShapes(r: BuildResult, cell: Cell): Set<string> {
  const byKey = new Map(Object.values(r.design.tech.layers).map((l) => [`${l.layer}/${l.datatype}`, l.name]));
  return new Set(layerStats(cell).filter((s) => s.polygons > 0).map((s) => byKey.get(`${s.layer}/${s.datatype}`) ?? `${s.layer}/${s.datatype}`));
}

describe('stack builds', () => {
  it('a two-tier stack builds clean: DRC, TSV checks and cross-tier LVS on the drawn layout', () => {
    // Tier 1: 12 pads, whose nets climb through 12 TSVs of tier 2; tier 2: 12 pads; 24 balls.
    const d = stackDesign([{ pads: ring(12, 250) }, {}], { pitch: 400, array: [5, 5], depopulate: [[2, 2]] });
    const r = build(d);
    expect(r.report.routing.failed).toBe(0);
    expect(r.report.drc.total).toBe(0);
    expect(r.report.lvs).toMatchObject({ ran: true, ok: true, opens: 0, shorts: 0, missing: 0 });
    expect(r.report.stack!.violations).toEqual([]);
    expect(r.report.stack!.tiers.map((t) => t.tsvs)).toEqual([0, 12]);
    expect(r.clean).toBe(true);
    // Every tier on its own layers; TSVs only from tier 2 up; RESIN and HEAT drawn.
    const has = layersWithShapes(r, r.die);
    for (const l of ['T1.PAD', 'T1.PI1', 'T1.RDL', 'T2.PAD', 'T2.PI1', 'T2.RDL', 'T2.PI2', 'T2.TSV', 'UBM', 'BUMP', 'RESIN', 'HEAT']) expect(has, l).toContain(l);
    for (const l of ['T1.TSV', 'T1.PI2', 'PAD', 'RDL', 'PI2']) expect(has, l).not.toContain(l);
    // HEAT is the die area on tier 1 only; the 12 TSV holes are on tier 2.
    const sb = r.stack!;
    expect(layersWithShapes(r, sb.tiers[1].cell)).not.toContain('HEAT');
    const tsvLayer = d.tech.layers['T2.TSV'];
    expect(layerStats(r.die).find((s) => s.layer === tsvLayer.layer)!.polygons).toBe(12);
    // The cross-tier nets: every tier-1 net has its pad on tier 1, one TSV in tier 2 and one ball.
    const t1 = sb.nets.filter((n) => n.tier === 1);
    expect(t1).toHaveLength(12);
    for (const n of t1) expect([n.pads.length, n.tsvs.length, n.balls.length]).toEqual([1, 1, 1]);
  });

  it('a four-tier stack builds clean, each tier on its own layers, nets climbing one tier per TSV', () => {
    // 4 pads on each of tiers 1..3 (12 nets climbing), 12 on the top tier: 24 balls.
    const d = stackDesign([{ pads: ring(4, 400) }, { pads: ring(4, 400) }, { pads: ring(4, 400) }, {}], { pitch: 400, array: [5, 5], depopulate: [[2, 2]] });
    const r = build(d);
    expect(r.report.routing.failed).toBe(0);
    expect(r.report.drc.total).toBe(0);
    expect(r.report.lvs.ok).toBe(true);
    expect(r.report.stack!.violations).toEqual([]);
    expect(r.clean).toBe(true);
    // TSVs per tier: tier t carries the nets of tiers 1..t-1.
    expect(r.report.stack!.tiers.map((t) => t.tsvs)).toEqual([0, 4, 8, 12]);
    const has = layersWithShapes(r, r.die);
    for (let t = 1; t <= 4; t++) for (const b of ['PAD', 'PI1', 'RDL']) expect(has, `T${t}.${b}`).toContain(`T${t}.${b}`);
    for (let t = 2; t <= 4; t++) expect(has).toContain(`T${t}.TSV`);
    // A tier-1 net passes TSVs of tiers 2, 3 and 4, at distinct sites.
    const n1 = r.stack!.nets.find((n) => n.tier === 1)!;
    expect(n1.tsvs.map((v) => v.tier)).toEqual([2, 3, 4]);
    // Consecutive TSVs share a re-wiring level (tier t's top, tier t+1's landing), so they sit apart.
    for (let i = 1; i < n1.tsvs.length; i++) expect([n1.tsvs[i].x, n1.tsvs[i].y]).not.toEqual([n1.tsvs[i - 1].x, n1.tsvs[i - 1].y]);
  });
});

/** A copy of the stack die with tier `tier`'s cell rebuilt by `edit` (TSV references opened up). */
function editTier(sb: StackBuild, tier: number, edit: (tierCell: Cell, tsvRefIndex: number, ref: Cell['refs'][number]) => boolean): Cell {
  const die = new Cell(`${sb.die.name}_EDIT`);
  for (const r of sb.die.refs) {
    const t = sb.tiers.find((x) => x.cell === r.cell);
    if (!t || t.tier !== tier) {
      die.addRef(r.cell, r.transform);
      continue;
    }
    const c = new Cell(`${t.cell.name}_EDIT`);
    for (const p of t.cell.polygons) c.addPolygon({ layer: p.layer, datatype: p.datatype }, p.points);
    for (const a of t.cell.arrays) c.addArray(a.cell, a.cols, a.rows, a.colStep, a.rowStep, a.transform);
    let k = 0;
    for (const ref of t.cell.refs) {
      const isTsv = ref.cell.name.startsWith('TSV_');
      if (!isTsv || edit(c, k++, ref)) c.addRef(ref.cell, ref.transform);
    }
    die.addRef(c);
  }
  return die;
}

/** Draws a TSV reference's polygons flat into `c`, the hole (T2.TSV) moved by (dx, dy) and its landing pads not. */
function shiftedHole(c: Cell, ref: Cell['refs'][number], hole: { layer: number; datatype: number }, dx: number, dy: number): [number, number] {
  for (const p of ref.cell.polygons) {
    const isHole = p.layer === hole.layer && p.datatype === hole.datatype;
    const pts = Int32Array.from(p.points, (v, i) => v + (i % 2 === 0 ? ref.transform.x + (isHole ? dx : 0) : ref.transform.y + (isHole ? dy : 0)));
    c.addPolygon({ layer: p.layer, datatype: p.datatype }, pts);
  }
  return [(ref.transform.x + dx) / 1000, (ref.transform.y + dy) / 1000];
}

describe('stack checks find faults', () => {
  const d = stackDesign([{ pads: ring(12, 250) }, {}], { pitch: 400, array: [5, 5], depopulate: [[2, 2]] });
  const r = build(d, { skipVerify: true });
  const sb = r.stack!;
  const hole = d.tech.layers['T2.TSV'];

  it('a TSV hole moved off the centre of its landing pad is reported with its location and the measured enclosure', () => {
    // Hole 40 um, landing 80 um: 20 um enclosure, rule 10 um. Moving the hole by 15 um along x leaves
    // 20 - 15 = 5 um on that side (polygons: within 0.5 um of the circles' figure).
    let moved: [number, number] = [0, 0];
    const die = editTier(sb, 2, (c, k, ref) => {
      if (k !== 0) return true;
      moved = shiftedHole(c, ref, hole, 15_000, 0);
      return false;
    });
    const res = checkStack(sb, die);
    const landing = res.violations.filter((v) => v.code === 'E_TSV_LANDING');
    expect(landing).toHaveLength(1);
    expect(landing[0].tier).toBe(2);
    expect(landing[0].xyUm[0]).toBeCloseTo(moved[0], 2);
    expect(landing[0].xyUm[1]).toBeCloseTo(moved[1], 2);
    const m = /encloses it by ([0-9.]+) um, below the required 10 um/.exec(landing[0].message);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m![1]) - 5)).toBeLessThan(0.5);
    // The unmoved stack has none.
    expect(checkStack(sb).violations).toEqual([]);
  });

  it('a TSV hole moved 60 um lands on no metal of the tier below and is reported there', () => {
    let moved: [number, number] = [0, 0];
    const die = editTier(sb, 2, (c, k, ref) => {
      if (k !== 3) return true;
      moved = shiftedHole(c, ref, hole, 0, 60_000);
      return false;
    });
    const res = checkStack(sb, die);
    const landing = res.violations.filter((v) => v.code === 'E_TSV_LANDING');
    expect(landing).toHaveLength(1);
    expect(landing[0].xyUm[0]).toBeCloseTo(moved[0], 2);
    expect(landing[0].xyUm[1]).toBeCloseTo(moved[1], 2);
    expect(landing[0].message).toMatch(/does not land on T1\.RDL metal/);
    // The hole no longer joins its two landing pads: cross-tier LVS reports the open.
    expect(res.violations.some((v) => v.code === 'E_LVS_OPEN')).toBe(true);
  });

  it('cross-tier LVS finds an open injected by removing one TSV, naming the net that climbed through it', () => {
    const refs = sb.tiers[1].cell.refs.filter((x) => x.cell.name.startsWith('TSV_'));
    const gone = refs[5].transform;
    const net = sb.nets.find((n) => n.tsvs.some((v) => v.x === gone.x && v.y === gone.y))!.net;
    const die = editTier(sb, 2, (_c, k) => k !== 5);
    const res = checkStack(sb, die);
    expect(res.lvs.ok).toBe(false);
    expect(res.lvs.opens).toBe(1);
    const open = res.violations.find((v) => v.code === 'E_LVS_OPEN')!;
    expect(open.message).toContain(`net ${net} is open across the stack`);
    // Its pad on tier 1 and its ball on tier 2 are the two halves.
    const n = sb.nets.find((x) => x.net === net)!;
    expect(open.message).toContain(n.pads[0].name);
    expect(open.message).toContain(n.balls[0].name);
  });

  it('a TSV hole dropped onto a die pad of its tier is reported: it joins that pad\'s net', () => {
    const pad = sb.nets.find((n) => n.tier === 2)!;
    const p = pad.pads[0];
    let at: [number, number] = [0, 0];
    const die = editTier(sb, 2, (c, k, ref) => {
      if (k !== 0) return true;
      at = shiftedHole(c, ref, hole, p.x - ref.transform.x, p.y - ref.transform.y);
      return false;
    });
    const res = checkStack(sb, die);
    // The stray hole joins the tier-2 pad's landing (and here a tier-1 pad's landing under it): reported
    // at its location, and the nets it joins are shorted in the cross-tier LVS.
    const bad = res.violations.filter((v) => v.code === 'E_TSV_NET' && v.xyUm[0] === at[0] && v.xyUm[1] === at[1]);
    expect(bad).toHaveLength(1);
    expect(bad[0].message).toMatch(new RegExp(`at no planned TSV site, joins nets? .*${pad.net.replace('.', '\\.')}`));
    expect(res.violations.some((v) => v.code === 'E_LVS_SHORT' && v.message.includes(pad.net))).toBe(true);
  });
});

describe('TSV sites', () => {
  it('alternate between the two lattice classes tier by tier, the top tier between the balls', () => {
    // 3 x 3 balls at 400 um: gap centres (+-200, +-200) for the top tier of 3; edge midpoints for tier 2.
    const top = tsvSites([3, 3], 400_000, 3, 3);
    expect(top.map((s) => [s.x, s.y])).toEqual([[200_000, 200_000], [-200_000, 200_000], [-200_000, -200_000], [200_000, -200_000]]);
    const mid = tsvSites([3, 3], 400_000, 2, 3);
    for (const s of mid) expect((Math.abs(s.x) / 200_000 + Math.abs(s.y) / 200_000) % 2).toBe(1);
    expect(() => tsvSites([1, 4], 400_000, 2, 2)).toThrow(/has no gaps/);
  });
});
