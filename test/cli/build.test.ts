/**
 * `wlpgen build` and `wlpgen batch` on real designs: exit codes, clean reports, deterministic bytes,
 * and batch output identical to one-by-one builds.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, wlpgen } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-build-'));

function filesOf(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

describe('wlpgen build', () => {
  it('builds the single-die example with exit 0, a clean report, and every output', () => {
    const out = path.join(tmp, 'single');
    const r = wlpgen(['build', 'examples/wlcsp-6x6.yaml', '--out', out]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/demo-wlcsp: clean/);
    expect([...filesOf(out).keys()]).toEqual(['demo-wlcsp.gds', 'demo-wlcsp.html', 'demo-wlcsp.lyp', 'demo-wlcsp.report.json', 'demo-wlcsp.svg']);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'demo-wlcsp.report.json'), 'utf8'));
    expect(report.clean).toBe(true);
    expect(report.routing).toMatchObject({ nets: 36, routed: 36, failed: 0 });
    expect(report.drc.total).toBe(0);
    expect(report.lvs).toMatchObject({ ran: true, ok: true, opens: 0, shorts: 0 });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['layers', 'die', 'wafer', 'routing', 'drc', 'lvs', 'plating']));
    // The GDS opens in our own reader with the die as its top cell.
    const info = JSON.parse(wlpgen(['info', path.join(out, 'demo-wlcsp.gds'), '--json']).stdout);
    expect(info.top).toEqual(['demo-wlcsp_DIE']);
  });

  it('is deterministic: building twice gives byte-identical files', () => {
    const a = path.join(tmp, 'det');
    expect(wlpgen(['build', 'examples/wlcsp-6x6.yaml', '--out', a]).status).toBe(0);
    const fa = filesOf(a);
    fs.rmSync(a, { recursive: true });
    expect(wlpgen(['build', 'examples/wlcsp-6x6.yaml', '--out', a]).status).toBe(0);
    const fb = filesOf(a);
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [k, v] of fa) expect(v.equals(fb.get(k)!), k).toBe(true);
  });
});

describe('wlpgen batch', () => {
  it('builds a sweep and a bad design in parallel: one failure does not stop the others; outputs equal one-by-one builds byte for byte', () => {
    const bad = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(bad, 'name: bad\ndie: { size: [1000, -1] }\n');
    const batchOut = path.join(tmp, 'batch');
    const r = wlpgen(['batch', 'examples/sweep-die-size.yaml', bad, '--jobs', '2', '--out', batchOut]);
    expect(r.status).toBe(2); // the worst: the bad design
    expect(r.stdout).toMatch(/sweep-die-size-s2000\s+clean/);
    expect(r.stdout).toMatch(/sweep-die-size-s2800\s+clean/);
    expect(r.stdout).toMatch(/bad\.yaml\s+bad input/);
    expect(r.stdout).toMatch(/4 designs: 3 clean, 0 with violations, 1 bad input/);
    expect(r.stderr).toMatch(/die\.size\[1\]: -1 is not allowed/);
    // One by one, in order, into another folder.
    const single = path.join(tmp, 'single-sweep');
    const s = wlpgen(['build', 'examples/sweep-die-size.yaml', '--out', single]);
    expect(s.status, s.stderr).toBe(0);
    const fa = filesOf(batchOut);
    const fb = filesOf(single);
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    expect(fa.size).toBe(15);
    // The recorded command differs only by the output folder, which both name: compare all but that line.
    for (const [k, v] of fa) {
      const norm = (b: Buffer) => (k.endsWith('.report.json') ? b.toString().replace(/"command": "[^"]*"/, '') : k.endsWith('.html') ? b.toString().replace(/<pre id="command">[^<]*<\/pre>/, '') : b.toString('latin1'));
      expect(norm(v) === norm(fb.get(k)!), k).toBe(true);
    }
  });

  it('--jobs must be a positive integer', () => {
    const r = wlpgen(['batch', 'examples/sweep-die-size.yaml', '--jobs', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs: 0 is not allowed/);
    void REPO;
  });
});
