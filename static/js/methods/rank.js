/* Ranking: each participant orders up to rank_size proposals (Borda count).
 * Mirrors the 'rank' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)



// ------------------------------------------------------------------ result rows
// (the board and console side: the figure, its text and its detail line for one ranking row)
// The same exports as dots.js (documented there); Borda points add up like dots (./sum.js). The
// first choices in a row's detail are left to the exports: the board and console show the points.
import * as rankSum from './sum.js';

export {
  resultFigure, resultMax, resultText, resultGroupText, resultCriteria, resultCriteriaFigures, resultDetail,
} from './sum.js';

/** Board key phase_vote_rank ("Rank your top 5"), or phase_vote_other without a rank size. */
export function voteLine(settings, t) {
  const n = (settings || {}).rank_size;
  return n ? t('phase_vote_rank', { n }) : t('phase_vote_other');
}

/** No cap per proposal. */
export function capLine() {
  return '';
}

/** balanced_sum_rule in the group-balanced view, else borda_rule ("1st place = 5 points"). */
export function ruleLine(settings, { balanced = false } = {}, t) {
  if (balanced) return t('balanced_sum_rule');
  const n = (settings || {}).rank_size;
  return n ? t('borda_rule', { n }) : '';
}

/** Console key rank_each. */
export function settingsLine(settings, t) {
  return t('rank_each', { n: (settings || {}).rank_size });
}

/** Console key paper_help_rank. */
export function paperHelp(settings, t) {
  return t('paper_help_rank', { k: (settings || {}).rank_size });
}

/** One column of positions (console key position). */
export function paperColumns(settings, t) {
  return [{ label: t('position') }];
}

/** Positions 1 up to the rank size. */
export function paperControl(settings) {
  return { type: 'number', min: 1, max: (settings || {}).rank_size };
}

/** Positions do not add up to a budget. */
export function paperBudget() {
  return null;
}

/**
 * {ranking: [pid, ...]} best first, from the positions typed; each position 1..rank_size at most
 * once (console key paper_positions), at least one (paper_empty).
 */
export function paperBallot(cells, settings, t, wireKey) {
  const k = (settings || {}).rank_size;
  const { entries, bad } = rankSum.paperEntries(cells);
  const positions = entries.map((entry) => entry[1]);
  if (bad || new Set(positions).size !== positions.length || positions.some((n) => n < 1 || n > k)) {
    return { error: t('paper_positions', { k }) };
  }
  if (!entries.length) return { error: t('paper_empty') };
  entries.sort((a, b) => a[1] - b[1]);
  return { ballot: { [wireKey]: entries.map((entry) => parseInt(entry[0], 10)) } };
}
