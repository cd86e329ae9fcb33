/* Result rows of the methods whose figure is a sum of what voters gave (dots, points, Borda
 * points): bars relative to the best row, whole numbers overall, averages in the group-balanced
 * view. dots.js, points.js and rank.js export these under the shared interface; see dots.js for
 * what each export means. Pure functions: no DOM, so node --test runs them. */
import { num, wholeNumber } from '../common/format.js';

/** The row's figure: its (possibly balanced) total. */
export function resultFigure(row) {
  return num(row && row.score);
}

/** The top of the bar scale: the largest figure (0 when there is none, or none above 0). */
export function resultMax(figures) {
  return (figures || []).reduce((max, figure) => Math.max(max, num(figure)), 0);
}

/** Whole numbers ("14.500"); averages (group-balanced, or any fraction) as numbers.average. */
export function resultText(row, numbers, { balanced = false } = {}) {
  const figure = resultFigure(row);
  return balanced || !Number.isInteger(figure) ? numbers.average(figure) : numbers.int(figure);
}

/** A group's figure (its average per voter) in the disagreement panel. */
export function resultGroupText(value, numbers) {
  return numbers.average(num(value));
}

/** Sums have no criteria. */
export function resultCriteria() {
  return null;
}

/** Sums have no per-criterion figures. */
export function resultCriteriaFigures() {
  return [];
}

/** No detail line under the title. */
export function resultDetail() {
  return '';
}

/** The paper form's one number per proposal: 0 up to `max`. */
export function paperNumber(max) {
  return { type: 'number', min: 0, max };
}

/**
 * The typed numbers of a paper form, checked: [pid, n] for every filled cell, in form order, and
 * whether any was not a whole number 0 or more.
 */
export function paperEntries(cells) {
  const entries = [];
  let bad = false;
  for (const cell of cells || []) {
    if (String(cell.value === null || cell.value === undefined ? '' : cell.value).trim() === '') continue;
    const n = wholeNumber(cell.value);
    if (Number.isNaN(n)) bad = true;
    else entries.push([String(cell.pid), n]);
  }
  return { entries, bad };
}

/** A paper ballot of counts per proposal ({[wireKey]: {pid: n}}, zeros left out), or {error}. */
export function paperCounts(cells, t, wireKey) {
  const { entries, bad } = paperEntries(cells);
  if (bad) return { error: t('paper_number') };
  const counts = {};
  for (const [pid, n] of entries) if (n > 0) counts[pid] = n;
  if (!Object.keys(counts).length) return { error: t('paper_empty') };
  return { ballot: { [wireKey]: counts } };
}
