/**
 * A small, strict CSV reader for pad lists and bump maps: comma-separated, optional double quotes,
 * '#' comment lines, an optional header row. Every problem names the file and line.
 */
export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  cells: string[];
}

/** Splits one CSV line; throws a message (without location) on an unterminated quote. */
function splitLine(text: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === ',') {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (quoted) throw new Error('unterminated double quote');
  cells.push(cur.trim());
  return cells;
}

/** Rows of a CSV text, without blank and comment lines. Problems go to `problem(line, message)`. */
export function parseCsv(text: string, problem: (line: number, message: string) => void): CsvRow[] {
  const rows: CsvRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    try {
      rows.push({ line: i + 1, cells: splitLine(raw) });
    } catch (err) {
      problem(i + 1, (err as Error).message);
    }
  });
  return rows;
}
