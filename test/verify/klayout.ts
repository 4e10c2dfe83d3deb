/**
 * Running KLayout for the verification tests: the exported DRC deck in batch mode, and small pya
 * scripts. SIGKILL on timeout: KLayout ignores SIGTERM while a DRC run is busy.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lyrdbCounts } from '../../src/io/drc/index.ts';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `wlpgen-verify-${prefix}-`));
}

export interface KlayoutRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function klayout(script: string, vars: Record<string, string>, timeoutMs = 300_000): KlayoutRun {
  const args = ['-b', '-r', script];
  for (const [k, v] of Object.entries(vars)) args.push('-rd', `${k}=${v}`);
  const r = spawnSync('klayout', args, { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a deck on a GDS file; returns the item count per category of the report. */
export function runDeck(deckFile: string, gds: string, report: string, vars: Record<string, string> = {}): Map<string, number> {
  const r = klayout(deckFile, { input: gds, report, ...vars });
  if (r.status !== 0 || !fs.existsSync(report)) throw new Error(`klayout deck failed (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
  return lyrdbCounts(fs.readFileSync(report, 'utf8'));
}
