/* Dots: each participant spends a few dots, at most a cap per proposal.
 * Mirrors the 'dots' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)



// ------------------------------------------------------------------ result rows
// (the board and console side: the figure, its text and its detail line for one ranking row)
//
// Every method module exports the same functions below. `settings` is the session's settings as
// the server sends them (board:update, page data); `numbers` is common/format.js numbers(locale);
// `t` a common/strings.js catalogue holding the page's keys named in each doc; `range` is
// constants().score ({min, max}); a `row` is one entry of board:update `results`/`balanced` or of
// GET /sessions/<id>/results: {rank, proposal_id, title, score, voters, detail, ...}.
// The figures of dots, points and Borda points behave alike: see ./sum.js.
import * as dotsSum from './sum.js';

/** The value a row's bar stands for (a number, 0 when missing): here the dots it got. */
export function resultFigure(row) {
  return dotsSum.resultFigure(row);
}

/**
 * The top of the bar scale for some figures (rows' resultFigure, or groups' figures for one
 * proposal): here the largest of them, so the best row fills its bar. `range` is unused here.
 */
export function resultMax(figures, range) {
  return dotsSum.resultMax(figures, range);
}

/**
 * The figure as the number at the end of a bar: a whole number ("14"), or numbers.average in the
 * group-balanced view ({balanced: true}) or for any fraction ("0,4", "37").
 */
export function resultText(row, numbers, options) {
  return dotsSum.resultText(row, numbers, options);
}

/** One group's figure in the board's disagreement panel: numbers.average. */
export function resultGroupText(value, numbers) {
  return dotsSum.resultGroupText(value, numbers);
}

/**
 * The criteria a row is broken down by ([{key, label, weight}], each with a key), or null for a
 * method without criteria (as here).
 */
export function resultCriteria(settings) {
  return dotsSum.resultCriteria(settings);
}

/** A row's figure per criterion of `criteria` (number, or null where missing): [] here. */
export function resultCriteriaFigures(row, criteria) {
  return dotsSum.resultCriteriaFigures(row, criteria);
}

/** The board's detail line under a row's title in the overall view ('' for none, as here). */
export function resultDetail(row, settings, numbers) {
  return dotsSum.resultDetail(row, settings, numbers);
}

/**
 * The board's big line while voting. Board keys: phase_vote ("5 dots per person"), or
 * phase_vote_other without a dots setting.
 */
export function voteLine(settings, t) {
  const n = (settings || {}).dots_per_participant;
  return n ? t('phase_vote', { n }) : t('phase_vote_other');
}

/**
 * The cap on one proposal while voting, which the board shows even while results are hidden
 * (board key max_per_proposal); '' outside the vote phase or without a cap.
 */
export function capLine(settings, phase, t) {
  const cap = (settings || {}).max_dots_per_proposal;
  return phase === 'vote' && cap ? t('max_per_proposal', { n: cap }) : '';
}

/**
 * What the board's figures mean, for its stats line ('' when they need no words). Board keys:
 * balanced_sum_rule in the group-balanced view, else the cap (capLine).
 */
export function ruleLine(settings, { phase, balanced = false } = {}, t) {
  return balanced ? t('balanced_sum_rule') : capLine(settings, phase, t);
}

/** The console's one-line summary of the settings (console key dots_each). */
export function settingsLine(settings, t) {
  const s = settings || {};
  return t('dots_each', { dots: s.dots_per_participant, cap: s.max_dots_per_proposal });
}

/** The console's paper-ballot help line (console key paper_help_dots). */
export function paperHelp(settings, t) {
  const s = settings || {};
  return t('paper_help_dots', { budget: s.dots_per_participant, cap: s.max_dots_per_proposal });
}

/**
 * The paper form's columns, one input per proposal in each: [{label, criterion}] (criterion only
 * for a column per criterion). `methodLabel` is the method's name from constants().methods.
 */
export function paperColumns(settings, t, methodLabel) {
  return [{ label: methodLabel }];
}

/**
 * The control of a paper-form cell: {type: 'number', min, max} or {type: 'select', options}
 * (option values as numbers). Here 0 up to the cap per proposal.
 */
export function paperControl(settings, range) {
  return dotsSum.paperNumber((settings || {}).max_dots_per_proposal);
}

/** The budget a paper ballot's numbers add up to (shown as a running total), or null for none. */
export function paperBudget(settings) {
  return (settings || {}).dots_per_participant;
}

/**
 * A paper ballot from the form's cells: `cells` is [{pid, criterion, value}] (value as typed, a
 * string); `wireKey` the method's wire key from constants().methods. Returns {ballot} in the wire
 * shape, or {error} with a message (console keys paper_number, paper_empty, paper_positions).
 */
export function paperBallot(cells, settings, t, wireKey) {
  return dotsSum.paperCounts(cells, t, wireKey);
}
