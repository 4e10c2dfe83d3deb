/** Spawns the real `wlpgen` command (bin/wlpgen.js, as installed) and captures what a user sees. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'wlpgen.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function wlpgen(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, encoding: 'utf8', timeout: options.timeoutMs ?? 300_000, env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
