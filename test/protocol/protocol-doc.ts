// Reads the tables of docs/protocol.md: one table per "## " section, each row
// as its cells keyed by the header's column names.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Row = Record<string, string>;

export const PROTOCOL_DOC = path.resolve(__dirname, '..', '..', 'docs', 'protocol.md');

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** Section title -> its table's rows (sections without a table are absent). */
export function readProtocolTables(text = readFileSync(PROTOCOL_DOC, 'utf8')): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  let section = '';
  let header: string[] | null = null;
  let sawSeparator = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      header = null;
      sawSeparator = false;
      continue;
    }
    if (!line.trim().startsWith('|')) {
      if (header && sawSeparator) header = null;
      continue;
    }
    if (tables.has(section) && !header) throw new Error(`docs/protocol.md: section "${section}" has a second table`);
    if (!header) {
      header = cells(line);
      continue;
    }
    if (!sawSeparator) {
      if (!/^\|?\s*:?-{3,}/.test(line.trim())) throw new Error(`docs/protocol.md: table in "${section}" lacks its separator row`);
      sawSeparator = true;
      tables.set(section, []);
      continue;
    }
    const values = cells(line);
    if (values.length !== header.length)
      throw new Error(`docs/protocol.md: row with ${values.length} cells in a ${header.length}-column table ("${section}"): ${line}`);
    const row: Row = {};
    header.forEach((name, i) => (row[name] = values[i]));
    tables.get(section)?.push(row);
  }
  return tables;
}

/** The value inside the first backticks of a cell, e.g. "`speech_model`" -> "speech_model". */
export function codeName(cell: string): string {
  const m = /^`([^`]+)`$/.exec(cell);
  if (!m) throw new Error(`expected a single \`name\` in the first column, got "${cell}"`);
  return m[1];
}

/** The source tags cited in a cell, e.g. "[SPEC] [PY]" -> ['SPEC', 'PY']. */
export function citedTags(cell: string): string[] {
  return [...cell.matchAll(/\[([A-Z0-9][A-Z0-9-]*)\]/g)].map((m) => m[1]);
}
