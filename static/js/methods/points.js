/* Points: each participant shares a budget of points.
 * Mirrors the 'points' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */
import { el } from '../common/dom.js';
import { accept, checkCounts, leftOf, stepButton, sum, withCount } from './shared.js';

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)
// Local ballot: {"<pid>": points}. Interface and signatures: see ./dots.js.

const budget = (session) => session.settings.points_budget;
const POINTS_STEP = 5;   // − and + move this many points

export {
  emptyCounts as emptyBallot, countsFromWire as fromWire, countsToWire as toWire, pruneCounts as prune,
} from './shared.js';

/** unknown_proposal, invalid_ballot, over_budget {budget, unit}: points have no cap. */
export function check(local, session) {
  return checkCounts(local, session, budget(session), null);
}

export function used(local) {
  return sum(local);
}

export function remaining(local, session, server) {
  return leftOf(local, server, budget(session), used);
}

export function marked(local, pid) {
  return (local[pid] || 0) > 0;
}

/**
 * − and + move POINTS_STEP points (+ gives what is left when less); a typed number ({pid, value})
 * is clamped to what this proposal can still get, with a note saying so.
 */
export function step(local, action, session, left) {
  const n = local[action.pid] || 0;
  if (action.value !== undefined) {
    const digits = String(action.value).replace(/[^0-9]/g, '');
    let next = digits ? parseInt(digits, 10) : 0;
    const most = n + Math.max(0, left);
    const note = next > most ? { key: 'points_clamped', params: { n: most } } : null;
    if (note) next = most;
    const result = next === n ? { local } : accept(local, withCount(local, action.pid, next), session, check);
    return result && { ...result, note, value: next };
  }
  const delta = parseInt(action.delta, 10);
  if (!delta || (delta > 0 && left <= 0)) return null;
  const next = delta > 0 ? n + Math.min(delta, left) : Math.max(0, n + delta);
  return next === n ? null : accept(local, withCount(local, action.pid, next), session, check);
}

export function labels(session, t) {
  return { instruction: t('instr_vote_points', { n: budget(session) }), filterMine: t('filter_mine_points'),
    castFailed: t('vote_failed_any') };
}

export function summary(local, session, left, t) {
  const all = budget(session);
  const l = Math.max(0, left);
  return {
    text: t('points_left', { n: l }),
    hint: l === 0 ? t('points_used_up') : '',
    empty: l === 0,
    dots: null,
    meter: { value: Math.max(0, Math.min(all, all - l)), max: Math.max(1, all),
      label: t('points_meter', { n: all - l, max: all }) },
  };
}

export function renderPinned(local, session, ui) {
  return null;
}

/** − and + around a number box (typed numbers count on change: see step()). */
export function renderControl(proposal, session, ui) {
  const pid = String(proposal.id);
  const title = String(proposal.title || '');
  const minus = stepButton(pid, -POINTS_STEP, ui.t('remove_points', { n: POINTS_STEP, title }));
  const plus = stepButton(pid, POINTS_STEP, ui.t('add_points', { n: POINTS_STEP, title }));
  const input = el('input', { class: 'ph-points-input', type: 'number', inputmode: 'numeric',
    min: '0', step: '1', enterkeyhint: 'done', 'data-points-input': pid,
    'aria-label': ui.t('points_input', { title }) });
  const node = el('div', { class: 'ph-stepper' }, [minus,
    el('label', { class: 'ph-points-box' }, [input, el('span', { class: 'ph-points-unit', text: ui.t('points_unit') })]),
    plus]);
  const update = (local, left) => {
    const n = local[pid] || 0;
    minus.disabled = n <= 0;
    plus.disabled = left <= 0;
    input.max = String(n + Math.max(0, left));
    // Never overwrite what the thumb is typing.
    if (input.ownerDocument.activeElement !== input) input.value = String(n);
    return n > 0;
  };
  return { node, update };
}

export function phoneResult(row, session, ui) {
  const d = row.detail && typeof row.detail === 'object' ? row.detail : {};
  const points = typeof d.points === 'number' ? d.points : row.score;
  return { figure: points === 1 ? ui.t('points_one') : ui.t('points_n', { n: points }), extra: '' };
}



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
