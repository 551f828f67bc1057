// Test data as rows: a CSV file with a header row, or a JSON array of objects, parsed once (on the control
// side) into plain objects. A malformed row is one line naming the file and the row. Pure.

/**
 * One CSV line into fields: commas separate, double quotes quote, "" is a quote inside quotes; undefined
 * for an unclosed quote. The one CSV reader of plimsoll: data files here, k6's raw samples on the Node side.
 */
export function csvFields(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  if (quoted) return undefined;
  out.push(field);
  return out;
}

export type Row = Record<string, string | number | boolean | null>;

/** Rows of a data file's text; `name` (the file) and the row's number go into every error. */
export function parseRows(name: string, text: string): { ok: true; rows: Row[] } | { ok: false; error: string } {
  if (/\.json$/i.test(name)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `${name} is not valid JSON: ${(e as Error).message}` };
    }
    if (!Array.isArray(data)) return { ok: false, error: `${name}: expected a JSON array of objects` };
    const bad = data.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
    if (bad >= 0) return { ok: false, error: `${name}: row ${bad + 1} is not an object: expected a JSON array of objects` };
    return data.length ? { ok: true, rows: data as Row[] } : { ok: false, error: `${name} has no rows: expected at least one` };
  }
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const header = lines.length ? csvFields(lines[0]!) : undefined;
  if (!header || header.some((h) => h.trim() === '')) return { ok: false, error: `${name}: expected a header row naming every column` };
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = csvFields(lines[i]!);
    if (!cells || cells.length !== header.length) {
      return { ok: false, error: `${name}: row ${i + 1} has ${cells ? cells.length : 'an unclosed quote in its'} fields: expected ${header.length} (${header.join(',')})` };
    }
    rows.push(Object.fromEntries(header.map((h, k) => [h.trim(), cells[k]!])));
  }
  return rows.length ? { ok: true, rows } : { ok: false, error: `${name} has no rows: expected at least one below the header` };
}
