/**
 * Daisy-chain test dies (die.bumps.chain: daisy): the planned chain, read back from the CSV the build
 * writes, passes through every populated ball exactly once; each die step joins the two balls of one
 * net that the die's own metal really joins (LVS on the built die), and each board step joins two
 * different links; the report's figures are those of the CSV.
 */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { build, parseDesign, readDesignSource } from '../../src/index.ts';
import { planDaisyChain } from '../../src/design/chain.ts';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'daisy-chain-wafer.yaml');

describe('daisy chain', () => {
  // The example's die alone (no wafer): verified in full, quickly.
  const src = readDesignSource(EXAMPLE) as Record<string, unknown>;
  const { wafer: _w, plating: _p, ...dieOnly } = src;
  const design = parseDesign(dieOnly, { file: EXAMPLE, baseDir: path.dirname(EXAMPLE) })[0];
  const r = build(design);

  it('builds the test die clean: every link routed, LVS joins each link\'s two balls', () => {
    expect(r.report.routing).toMatchObject({ nets: 18, routed: 18, failed: 0 });
    expect(r.report.lvs).toMatchObject({ ran: true, ok: true, opens: 0, shorts: 0 });
    expect(r.report.drc.total).toBe(0);
    expect(r.clean).toBe(true);
  });

  it('writes one chain through every ball, alternating die and board links', () => {
    const csv = new TextDecoder().decode(r.files.get(`${design.name}.chain.csv`)!);
    const rows = csv.trim().split('\n').filter((l) => !l.startsWith('#')).slice(1).map((l) => l.split(','));
    const balls = rows.map((c) => c[1]);
    expect(new Set(balls).size).toBe(balls.length);
    expect(new Set(balls)).toEqual(new Set(design.die.bumps.map((b) => b.name)));
    const netBalls = new Map(r.report.routing.table.map((n) => [n.net, [...n.bumps].sort()]));
    let board = 0;
    let longest = 0;
    for (let i = 0; i + 1 < rows.length; i++) {
      const [a, b] = [rows[i], rows[i + 1]];
      if (i % 2 === 0) {
        // A die link: both balls on one net, and they are exactly that net's balls.
        expect(a[5]).toBe('die');
        expect(a[4]).toBe(b[4]);
        expect([a[1], b[1]].sort()).toEqual(netBalls.get(a[4]));
      } else {
        expect(a[5]).toBe('board');
        expect(a[4]).not.toBe(b[4]);
        const d = Math.abs(+a[2] - +b[2]) + Math.abs(+a[3] - +b[3]);
        board += d;
        longest = Math.max(longest, d);
      }
    }
    expect(rows[rows.length - 1][5]).toBe('end');
    expect(r.report.chain).toEqual({ dieLinks: 18, boardLinks: 17, ends: [balls[0], balls[balls.length - 1]], boardLengthUm: board, longestBoardLinkUm: longest });
    // Nearest-neighbour board links on a 400 um grid: the longest is a few pitches, not across the die.
    expect(longest).toBeLessThanOrEqual(3 * 400);
  });

  it('refuses a ball used by two links', () => {
    const sites = design.die.bumps.slice(0, 3);
    expect(() => planDaisyChain([{ net: 'L1', balls: [sites[0].name, sites[1].name] }, { net: 'L2', balls: [sites[1].name, sites[2].name] }], sites)).toThrow(/ball \w+ is in two links/);
  });
});
