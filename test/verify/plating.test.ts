/**
 * Plating and dicing on a small 2 x 2-die wafer with a bus in every street, kerf bridges from the
 * die ties to the bus, a contact pad, and saw lines: connected before dicing, isolated after.
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkLibrary, checkPlating, type PlatingResult } from '../../src/verify/index.ts';
import { box, bumpedDie, um, waferOf, type DieOptions, type WaferOptions } from './fixtures.ts';

const tech = preset('amkor-0.4');
const small: DieOptions = { size: 2000, cols: 4 };

function plating(die: DieOptions = {}, wafer: WaferOptions = {}, stubLimitUm = 25): PlatingResult {
  const d = bumpedDie(tech, { ...small, ...die });
  const w = waferOf(tech, d, { block: [2, 2], ...wafer });
  return checkPlating(w.wafer, tech, { stubLimitUm, maxListed: 100 });
}

function dropTie(die: Cell, x: number, trace: number): void {
  const i = die.polygons.findIndex((p) => p.layer === tech.layers.RDL.layer && p.points[0] === um(x - trace / 2) && p.points[1] === 0);
  if (i < 0) throw new Error('tie not found');
  die.polygons.splice(i, 1);
}

describe('plating and dicing', () => {
  it('a clean wafer: every UBM reaches the contact before dicing; after the saw every die is isolated with 20 um stubs', () => {
    const r = plating();
    expect(r).toMatchObject({ connectedBeforeDicing: true, isolatedAfterDicing: true, dies: 4, features: 64, contactNets: 1 });
    expect(r.counts).toEqual({ unplated: 0, notCut: 0, openAfterDicing: 0, shortAfterDicing: 0, stub: 0 });
    expect(r.maxStubUm).toBe(20);
    // Interior-identical dies share one window evaluation where the surroundings repeat.
    expect(r.windowsEvaluated).toBeLessThanOrEqual(4);
  });

  it('a net without a plating tie is not plated (found on every die, with locations)', () => {
    const d = bumpedDie(tech, small);
    dropTie(d.die, d.columns[1], d.trace);
    const w = waferOf(tech, d, { block: [2, 2] });
    const r = checkPlating(w.wafer, tech, { stubLimitUm: 25, maxListed: 100 });
    expect(r.connectedBeforeDicing).toBe(false);
    expect(r.counts.unplated).toBe(4 * 4);
    const xs = new Set(r.issues.filter((i) => i.kind === 'unplated').map((i) => Math.round(((i.xUm % w.pitch) + w.pitch) % w.pitch)));
    expect([...xs]).toEqual([Math.round(d.columns[1] + 40)]);
  });

  it('a bus wider than the saw leaves strips along the cut that short the die nets', () => {
    const r = plating({}, { busUm: 50, sawUm: 40 });
    expect(r.connectedBeforeDicing).toBe(true);
    expect(r.isolatedAfterDicing).toBe(false);
    expect(r.counts.shortAfterDicing).toBe(4);
    expect(r.counts.notCut).toBe(0);
  });

  it('a street without its saw line is not cut: metal crosses the street centre', () => {
    const r = plating({}, {
      edit: (wafer) => {
        // Drop the SAW line of the vertical street at x = 0 (between the two columns of dies).
        const i = wafer.polygons.findIndex((p) => p.layer === tech.layers.SAW.layer && p.points[0] === um(-20) && p.points[2] === um(20));
        wafer.polygons.splice(i, 1);
      },
    });
    expect(r.isolatedAfterDicing).toBe(false);
    expect(r.counts.notCut).toBeGreaterThan(0);
    const i = r.issues.find((x) => x.kind === 'notCut')!;
    expect(Math.abs(i.xUm)).toBeLessThanOrEqual(1);
  });

  it('a die net routed through the saw falls apart after dicing', () => {
    // Column 2: the trace is cut between bump rows 1 and 2 and the halves are joined by a detour
    // down through the street (inside the die cell): one net on the die, two after the saw.
    const d = bumpedDie(tech, {
      ...small,
      edit: (die) => {
        const t = tech;
        const x = 1200;
        const i = die.polygons.findIndex((p) => p.layer === t.layers.RDL.layer && p.points[0] === um(x - 7.5) && p.points[1] === um(150));
        die.polygons.splice(i, 1);
        box(die, t, 'RDL', x - 7.5, 150, x + 7.5, 900);
        box(die, t, 'RDL', x - 7.5, 1100, x + 7.5, 1600);
        box(die, t, 'RDL', x, 1192.5, 1407.5, 1207.5); // to the detour
        box(die, t, 'RDL', 1392.5, -35, 1407.5, 1207.5); // down into the street
        box(die, t, 'RDL', x - 7.5, -35, 1407.5, -25); // along the street, inside the saw
        box(die, t, 'RDL', x - 7.5, -35, x + 7.5, 0); // up to the tie
      },
    });
    const w = waferOf(tech, d, { block: [2, 2] });
    const r = checkPlating(w.wafer, tech, { stubLimitUm: 25 });
    expect(r.connectedBeforeDicing).toBe(true);
    expect(r.counts.openAfterDicing).toBe(4);
    expect(r.counts.shortAfterDicing).toBe(0);
    expect(r.counts.notCut).toBe(0);
  });

  it('stubs longer than the limit are reported, with their length', () => {
    const r = plating({}, {}, 15);
    expect(r.counts.stub).toBe(4 * 4);
    expect(r.issues.find((i) => i.kind === 'stub')!.lengthUm).toBe(20);
  });

  it('a contact that touches nothing leaves every feature unplated', () => {
    const d = bumpedDie(tech, small);
    const w = waferOf(tech, d, { block: [2, 2] });
    const r = checkPlating(w.wafer, tech, { contact: { rings: [[0, 0, 1000, 0, 1000, 1000, 0, 1000].map((v) => v - 50_000_000)] } });
    expect(r.contactNets).toBe(0);
    expect(r.counts.unplated).toBe(64);
  });

  it('runs from checkLibrary when the layout has a saw layer, into the report', () => {
    const d = bumpedDie(tech, small);
    const w = waferOf(tech, d, { block: [2, 2] });
    const res = checkLibrary(w.lib, tech, { plating: { stubLimitUm: 25 } });
    expect(res.report.plating).toMatchObject({ connectedBeforeDicing: true, isolatedAfterDicing: true });
    expect(res.report.ok).toBe(true);
    expect(res.text()).toMatch(/Plating: 64 plated features on 4 dies; connected before dicing: yes; isolated after dicing: yes; longest stub 20 um/);
  });
});
