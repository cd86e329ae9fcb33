/* Tables (meja, the discussion groups of a workshop) as the three pages show them. Pure functions:
 * no DOM, no socket (tests/js/tables.test.mjs). A table is the API's object
 * {id, name, dimension (a dimension key or null)}; a workshop's `mode` is 'plenary' or 'tables'. */

/** A table id as a number, or null (accepts the numbers and decimal strings of URLs and forms). */
export function tableId(value) {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value.trim())) return null;
  const n = parseInt(value, 10);
  return n > 0 ? n : null;
}

/** The table of `id` in `tables`, or null. */
export function findTable(tables, id) {
  const wanted = tableId(id);
  if (wanted === null) return null;
  return (tables || []).find((t) => t && t.id === wanted) || null;
}

/**
 * A table's name with its dimension, "Meja 3 — Smart Economy"; the dimension is left out when
 * the table has none or when the name already says it. `dimLabel(key)` gives a dimension's label.
 */
export function tableLabel(table, dimLabel = () => '') {
  if (!table) return '';
  const name = String(table.name || '').trim();
  const dim = table.dimension ? String(dimLabel(table.dimension) || '') : '';
  if (!dim || name.toLowerCase().includes(dim.toLowerCase())) return name;
  return name ? name + ' — ' + dim : dim;
}

/** Whether a phone must pick a table before it can follow anything: tables mode and no seat. */
export function needsTable(mode, seat, tables) {
  return mode === 'tables' && findTable(tables, seat) === null && (tables || []).length > 0;
}

/** The table a join link names (`?table=<id>`), when it is one of `tables`; else null. */
export function tableFromQuery(search, tables) {
  let raw = null;
  try {
    raw = new URLSearchParams(search || '').get('table');
  } catch (e) {
    return null;
  }
  const table = findTable(tables, raw);
  return table ? table.id : null;
}

/** How many participants sit at each table: a Map of table id -> count; `null` counts the unseated. */
export function seatCounts(participants, tables) {
  const counts = new Map((tables || []).map((t) => [t.id, 0]));
  counts.set(null, 0);
  for (const p of participants || []) {
    const seat = counts.has(p.table_id) && p.table_id !== undefined ? p.table_id : null;
    counts.set(seat, counts.get(seat) + 1);
  }
  return counts;
}

/** "Meja 1" for a carried proposal's origin (`origin_table` {id, name}), or '' when it has none. */
export function originName(proposal) {
  const origin = proposal && proposal.origin_table;
  return origin && origin.name ? String(origin.name) : '';
}
