/* Points: each participant shares a budget of points.
 * Mirrors the 'points' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)



// ------------------------------------------------------------------ result rows
// (the board and console side: the figure, its text and its detail line for one ranking row)
// The same exports as dots.js (documented there); points add up like dots (./sum.js).
import * as pointsSum from './sum.js';

export {
  resultFigure, resultMax, resultText, resultGroupText, resultCriteria, resultCriteriaFigures, resultDetail,
} from './sum.js';

/** Board key phase_vote_points ("Share out 100 points"), or phase_vote_other without a budget. */
export function voteLine(settings, t, numbers) {
  const budget = (settings || {}).points_budget;
  return budget ? t('phase_vote_points', { n: numbers.int(Number(budget) || 0) }) : t('phase_vote_other');
}

/** No cap per proposal. */
export function capLine() {
  return '';
}

/** balanced_sum_rule in the group-balanced view; plain points need no words. */
export function ruleLine(settings, { balanced = false } = {}, t) {
  return balanced ? t('balanced_sum_rule') : '';
}

/** Console key points_each. */
export function settingsLine(settings, t) {
  return t('points_each', { n: (settings || {}).points_budget });
}

/** Console key paper_help_points. */
export function paperHelp(settings, t) {
  return t('paper_help_points', { budget: (settings || {}).points_budget });
}

/** One column, named after the method. */
export function paperColumns(settings, t, methodLabel) {
  return [{ label: methodLabel }];
}

/** 0 up to the whole budget on one proposal. */
export function paperControl(settings) {
  return pointsSum.paperNumber((settings || {}).points_budget);
}

/** The points budget. */
export function paperBudget(settings) {
  return (settings || {}).points_budget;
}

/** Counts per proposal, as dots. */
export function paperBallot(cells, settings, t, wireKey) {
  return pointsSum.paperCounts(cells, t, wireKey);
}
