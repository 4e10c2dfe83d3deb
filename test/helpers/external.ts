/**
 * Running the external tools our users have: KLayout (batch mode, Python pya scripts) and gdspy.
 * In CI (CI=true) a missing tool is a failure, not a skip: .ci/run installs them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KLAYOUT_SCRIPTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'klayout');

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
    return true;
  } catch {
    return false;
  }
}

export const klayoutAvailable = has('klayout', ['-v']);
export const GDSPY_PYTHON = '/usr/bin/python3.11';
export const gdspyAvailable = fs.existsSync(GDSPY_PYTHON) && has(GDSPY_PYTHON, ['-c', 'import gdspy']);
/** In CI every external tool must be there; locally a missing one skips its tests. */
export const requireExternalTools = process.env.CI === 'true';

export interface ToolRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs a pya script in KLayout's batch mode with `-rd name=value` variables. */
export function runKlayout(script: string, vars: Record<string, string>): ToolRun {
  const args = ['-b', '-r', path.isAbsolute(script) ? script : path.join(KLAYOUT_SCRIPTS, script)];
  for (const [k, v] of Object.entries(vars)) args.push('-rd', `${k}=${v}`);
  const r = spawnSync('klayout', args, { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, maxBuffer: 256 << 20, timeout: 600_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function runGdspy(script: string, args: string[]): ToolRun {
  const r = spawnSync(GDSPY_PYTHON, [path.join(KLAYOUT_SCRIPTS, script), ...args], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Parses the `STATS {json}` line a script prints; throws with the tool's output when absent. */
export function parseStats<T = unknown>(run: ToolRun): T {
  const line = run.stdout.split('\n').find((l) => l.startsWith('STATS '));
  if (!line) throw new Error(`no STATS line (exit ${run.status})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return JSON.parse(line.slice(6)) as T;
}

/** KLayout's reader warnings: it prints them on stdout ("Warning: ..."), not on stderr. */
export function klayoutWarnings(run: { stdout: string; stderr: string }): string[] {
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => /^(warning|error)\b/i.test(l.trim()));
}
