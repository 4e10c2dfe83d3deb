/**
 * CLI exit codes (the contract in DESIGN.md) and the one place that turns errors into them.
 * 0: done and verified clean; 1: built, but verification found violations; 2: bad input, nothing
 * written; 3: an internal error (a bug: please report it with the printed stack).
 */
import { WlpgenError } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

/** Prints an error the way a user should see it and returns the exit code it maps to. */
export function reportError(err: unknown, stderr: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (err instanceof WlpgenError) {
    stderr(`wlpgen: error: ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  stderr(`wlpgen: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_INTERNAL;
}
