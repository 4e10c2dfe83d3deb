/**
 * Connectivity and LVS: nets from the geometry, compared with the intended netlist; an injected
 * short and an injected open are found with their locations.
 */
import { describe, expect, it } from 'vitest';
import { Cell, Library } from '../../src/core/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkLibrary, Connectivity, LayoutGeometry, lvs, techLayerMap, type IntendedNetlist } from '../../src/verify/index.ts';
import { box, bumpedDie, um } from './fixtures.ts';

const tech = preset('amkor-0.4');
const small = { size: 2000, cols: 4 };

describe('connectivity', () => {
  it('extracts one net per column, named by its label, through PAD-PI1-RDL-PI2-UBM-BUMP', () => {
    const d = bumpedDie(tech, small);
    const conn = new Connectivity(tech);
    const nets = conn.nets(d.die);
    expect(nets.count).toBe(4);
    expect(nets.names.map((n) => n.join(',')).sort()).toEqual(['C0', 'C1', 'C2', 'C3']);
    // A pad, a bump and a UBM of column 2 are on one net.
    const c = d.columns[2];
    const pad = conn.netAt(d.die, 'PAD', um(c), um(100));
    expect(conn.netAt(d.die, 'BUMP', um(c), um(d.rows[3]))).toBe(pad);
    expect(conn.netAt(d.die, 'UBM', um(c), um(d.rows[0]))).toBe(pad);
    expect(nets.names[pad]).toEqual(['C2']);
  });

  it('a via joins metals only where it overlaps both (a PAD without PI1 is its own net)', () => {
    const d = bumpedDie(tech, { ...small, edit: (die) => box(die, tech, 'PAD', 1500, 1000, 1580, 1080) });
    const conn = new Connectivity(tech);
    expect(conn.nets(d.die).count).toBe(5);
  });

  it('is hierarchical: a wafer of dies is the die nets once per placement, joined through parent metal', () => {
    const d = bumpedDie(tech, small);
    const top = new Cell('TOP');
    top.addArray(d.die, 3, 2, [um(2100), 0], [0, um(2100)]);
    // A strap on RDL joining the tie of column 3 of die (0, 0) to that of column 0 of die (1, 0), across the street.
    box(top, tech, 'RDL', d.columns[3] - 5, 20, 2100 + d.columns[0] + 5, 40);
    const conn = new Connectivity(tech, new LayoutGeometry(techLayerMap(tech), { flatLimit: 5000 }));
    const nets = conn.nets(top);
    expect(conn.geometry.isFlat(top)).toBe(false);
    expect(nets.count).toBe(6 * 4 - 1);
    const a = conn.netAt(top, 'BUMP', um(d.columns[3]), um(d.rows[2]));
    const b = conn.netAt(top, 'BUMP', um(2100 + d.columns[0]), um(d.rows[2]));
    expect(a).toBe(b);
    expect(conn.netAt(top, 'BUMP', um(2100 + d.columns[1]), um(d.rows[2]))).not.toBe(a);
  });
});

describe('LVS', () => {
  it('the clean die matches its netlist', () => {
    const d = bumpedDie(tech, small);
    const r = lvs(d.die, tech, d.netlist);
    expect(r).toMatchObject({ ok: true, matched: 4, intendedNets: 4, opens: [], shorts: [], missing: [] });
  });

  it('finds an injected short, with its location', () => {
    // An RDL bridge between the traces of columns 1 and 2 at y = 1100.
    const d = bumpedDie(tech, small);
    const bridged = bumpedDie(tech, { ...small, edit: (die) => box(die, tech, 'RDL', d.columns[1], 1100, d.columns[2], 1110) });
    const r = lvs(bridged.die, tech, bridged.netlist);
    expect(r.ok).toBe(false);
    expect(r.shorts).toHaveLength(1);
    expect(r.shorts[0].nets).toEqual(['C1', 'C2']);
    expect(r.opens).toEqual([]);
    // Located at a point of the shorted nets.
    expect([r.shorts[0].xUm === d.columns[1] || r.shorts[0].xUm === d.columns[2]]).toEqual([true]);
  });

  it('finds an injected open, with the two groups and their locations', () => {
    // Cut the trace of column 3 between the pad and the first bump: drop it, draw it with a gap.
    const d = bumpedDie(tech, small);
    const c3 = d.columns[3];
    const idx = d.die.polygons.findIndex((p) => p.layer === tech.layers.RDL.layer && p.points[0] === um(c3 - d.trace / 2) && p.points[1] === um(150));
    expect(idx).toBeGreaterThanOrEqual(0);
    d.die.polygons.splice(idx, 1);
    box(d.die, tech, 'RDL', c3 - d.trace / 2, 150, c3 + d.trace / 2, 200);
    box(d.die, tech, 'RDL', c3 - d.trace / 2, 210, c3 + d.trace / 2, d.rows[3]);
    const r = lvs(d.die, tech, d.netlist);
    expect(r.ok).toBe(false);
    expect(r.opens).toHaveLength(1);
    expect(r.opens[0].nets).toEqual(['C3']);
    const pad = r.opens[0].points.find((p) => p.kind === 'pad')!;
    const bumps = r.opens[0].points.filter((p) => p.kind === 'bump');
    expect(pad.xUm).toBe(c3);
    expect(bumps.every((b) => b.extracted !== pad.extracted)).toBe(true);
    expect(r.shorts).toEqual([]);
  });

  it('reports missing points and extra nets', () => {
    const d = bumpedDie(tech, { ...small, edit: (die) => box(die, tech, 'PAD', 1500, 1000, 1580, 1080) });
    const netlist: IntendedNetlist = { nets: [...d.netlist.nets, { name: 'GHOST', pads: [{ name: 'PX', xUm: 1000, yUm: 1900 }], bumps: [] }] };
    const r = lvs(d.die, tech, netlist);
    expect(r.missing.map((m) => m.points[0].name)).toEqual(['PX']);
    expect(r.extra).toHaveLength(1);
    expect(r.extra[0].xUm).toBeCloseTo(1540, 3);
    expect(r.ok).toBe(false);
  });

  it('runs from checkLibrary on the die cell of a wafer (hierarchy: the die is extracted once)', () => {
    const d = bumpedDie(tech, small);
    const top = new Cell('TOP');
    top.addArray(d.die, 2, 2, [um(2100), 0], [0, um(2100)]);
    const res = checkLibrary(new Library('L').add(top), tech, { netlist: d.netlist, netlistCell: d.die.name, plating: false });
    expect(res.report.lvs?.ok).toBe(true);
    expect(res.report.connectivity?.nets).toBe(16);
    expect(res.text()).toContain('LVS: OK');
  });
});
