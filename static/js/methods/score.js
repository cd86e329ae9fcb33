/* Criteria scores: each participant scores proposals 1-5 on weighted criteria.
 * Mirrors the 'score' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)



// ------------------------------------------------------------------ result rows
// (the board and console side: the figure, its text and its detail line for one ranking row)
// The same exports as dots.js (documented there). A row's figure is the weighted mean of its
// criteria means (1-5); its detail carries each criterion's mean.
import { num as scoreNum } from '../common/format.js';

/** The weighted mean score. */
export function resultFigure(row) {
  return scoreNum(row && row.score);
}

/** Scores sit on the fixed scale of `range` (0 to range.max, e.g. 5), whatever the figures. */
export function resultMax(figures, range) {
  return scoreNum((range || {}).max);
}

/** One decimal ("4,3"); '–' for a row nobody scored. The same in both views. */
export function resultText(row, numbers) {
  return scoreNum(row && row.voters) > 0 ? numbers.one(resultFigure(row)) : '\u2013';
}

/** A group's mean score, one decimal. */
export function resultGroupText(value, numbers) {
  return numbers.one(scoreNum(value));
}

/** The session's criteria, those with a key ([] when the settings carry none). */
export function resultCriteria(settings) {
  const criteria = (settings || {}).criteria;
  return Array.isArray(criteria) ? criteria.filter((c) => c && c.key !== null && c.key !== undefined) : [];
}

/** The row's mean per criterion, null where nobody scored it. */
export function resultCriteriaFigures(row, criteria) {
  const means = (row && row.detail && row.detail.criteria_means) || {};
  return (criteria || []).map((c) => {
    const mean = means[c.key];
    return mean === null || mean === undefined || !Number.isFinite(Number(mean)) ? null : Number(mean);
  });
}

/** "Dampak 4,5 · Urgensi –": each criterion's label and mean, one decimal. */
export function resultDetail(row, settings, numbers) {
  const criteria = resultCriteria(settings);
  const figures = resultCriteriaFigures(row, criteria);
  return criteria.map((c, i) => (c.label || c.key) + ' ' + (figures[i] === null ? '\u2013' : numbers.one(figures[i])))
    .join(' · ');
}

/** Board key phase_vote_score ("Score every proposal 1–5"). */
export function voteLine(settings, t) {
  return t('phase_vote_score');
}

/** No cap per proposal. */
export function capLine() {
  return '';
}

/** balanced_score_rule in the group-balanced view, else score_rule ("mean score 1–5"). */
export function ruleLine(settings, { balanced = false } = {}, t) {
  return balanced ? t('balanced_score_rule') : t('score_rule');
}

/** Console key score_each (the number of criteria). */
export function settingsLine(settings, t) {
  return t('score_each', { n: ((settings || {}).criteria || []).length });
}

/** Console key paper_help_score. */
export function paperHelp(settings, t) {
  return t('paper_help_score');
}

/** One column per criterion. */
export function paperColumns(settings) {
  return ((settings || {}).criteria || []).map((c) => ({ label: c.label, criterion: c.key }));
}

/** A choice of range.min to range.max (the empty choice is the form's). */
export function paperControl(settings, range) {
  const options = [];
  for (let n = scoreNum((range || {}).min); n <= scoreNum((range || {}).max); n++) options.push(n);
  return { type: 'select', options };
}

/** Scores do not add up to a budget. */
export function paperBudget() {
  return null;
}

/** {scores: {pid: {criterion: n}}} from the chosen scores; at least one (console key paper_empty). */
export function paperBallot(cells, settings, t, wireKey) {
  const scores = {};
  for (const cell of cells || []) {
    if (!cell.value) continue;
    (scores[cell.pid] = scores[cell.pid] || {})[cell.criterion] = parseInt(cell.value, 10);
  }
  return Object.keys(scores).length ? { ballot: { [wireKey]: scores } } : { error: t('paper_empty') };
}
