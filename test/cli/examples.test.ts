/**
 * Every example design (examples/*.yaml, whatever is added later) builds through the real CLI with
 * exit 0 and a clean report: routed, DRC-clean, LVS-clean, and for plated wafers connected before
 * dicing and isolated after. The TypeScript API example builds the 200 mm wafer from code and its GDS
 * equals the design file's byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, wlpgen } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-examples-'));
const EXAMPLES = fs.readdirSync(path.join(REPO, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

interface Report {
  name: string;
  clean: boolean;
  routing: { nets: number; routed: number; failed: number };
  drc: { ran: boolean; total: number };
  lvs: { ran: boolean; ok: boolean };
  wafer: null | { diesPlaced: number };
  plating: null | { ran: boolean; connectedBeforeDicing: boolean; isolatedAfterDicing: boolean };
}

describe('examples build clean through the CLI', () => {
  it('has the examples the issue asks for', () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(['wlcsp-6x6.yaml', 'wafer-200.yaml', 'wafer-300.yaml', 'daisy-chain-wafer.yaml']));
  });

  for (const file of EXAMPLES) {
    it(file, () => {
      const out = path.join(tmp, file.replace(/\.\w+$/, ''));
      const r = wlpgen(['build', path.join('examples', file), '--out', out]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const reports = fs.readdirSync(out).filter((f) => f.endsWith('.report.json'));
      expect(reports.length).toBeGreaterThan(0);
      for (const f of reports) {
        const rep = JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as Report;
        expect(rep.clean, f).toBe(true);
        expect(rep.routing.routed, f).toBe(rep.routing.nets);
        expect(rep.drc).toMatchObject({ ran: true, total: 0 });
        expect(rep.lvs).toMatchObject({ ran: true, ok: true });
        if (rep.plating) expect(rep.plating).toMatchObject({ ran: true, connectedBeforeDicing: true, isolatedAfterDicing: true });
        // The GDS the report describes is there and reads back.
        const gds = path.join(out, `${rep.name}.gds`);
        expect(fs.statSync(gds).size).toBeGreaterThan(0);
        const info = wlpgen(['info', gds, '--json']);
        expect(info.status, info.stderr).toBe(0);
      }
    });
  }

  it('the TypeScript API example builds the 200 mm wafer byte-identical to the design file', () => {
    const api = path.join(tmp, 'api');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'api-example.ts'), '--out', api], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+ whole dies on 200 mm/m);
    expect(r.stdout).toMatch(/wafer-200: clean/);
    const fromFile = path.join(tmp, 'wafer-200', 'wafer-200.gds');
    if (!fs.existsSync(fromFile)) expect(wlpgen(['build', 'examples/wafer-200.yaml', '--out', path.join(tmp, 'wafer-200')]).status).toBe(0);
    expect(fs.readFileSync(path.join(api, 'wafer-200.gds')).equals(fs.readFileSync(fromFile))).toBe(true);
  });
});
