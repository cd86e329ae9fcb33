/* Dots: each participant spends a few dots, at most a cap per proposal.
 * Mirrors the 'dots' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */
import { el } from '../common/dom.js';
import { accept, checkCounts, leftOf, stepButton, sum, withCount } from './shared.js';

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)
//
// This file is the reference: every method module exports these functions with these signatures.
// `session` is what ./session.js sessionRules(snapshot, constants) makes of a `session:state`
// ({id, method, wireKey, settings, proposals, proposalIds, score: {min, max}}). A "local" ballot is
// the phone's working form of a ballot (here {"<pid>": dots}); functions never change the local
// ballot they are given, they return a new one. `t` is a string catalogue (common/strings.js);
// `ui` is {t, locale ('id' or 'en'), dimClass(key): a proposal dimension's CSS class}. Nothing here
// touches the DOM except renderControl and renderPinned.

const budget = (session) => session.settings.dots_per_participant;
const cap = (session) => session.settings.max_dots_per_proposal;
const DOTS_DRAWN_UP_TO = 12;   // a bigger budget is only counted, not drawn

// The local ballot's life cycle, shared with points (methods/shared.js):
// - emptyBallot(session): a local ballot with nothing on it;
// - fromWire(ballot, session): the local form of a wire ballot (`session:state`.ballot, an ack's
//   ballot, a stored one); junk is dropped;
// - toWire(local, session): the wire form `ballot:cast` takes: {dots: {"<pid>": n}};
// - prune(local, session): the local ballot with only what still applies (proposals still listed).
export {
  emptyCounts as emptyBallot, countsFromWire as fromWire, countsToWire as toWire, pruneCounts as prune,
} from './shared.js';

/**
 * Why the server would refuse this ballot, or null: {code, params} with the server's codes
 * (unknown_proposal, invalid_ballot, over_cap {cap}, over_budget {budget, unit}).
 */
export function check(local, session) {
  return checkCounts(local, session, budget(session), cap(session));
}

/** What the ballot uses of what one has to give (dots, points, ranking places; 0 for score). */
export function used(local) {
  return sum(local);
}

/**
 * Left to give, or null when the method has no budget (score). `server` (optional) is
 * {ballot: the last acknowledged local ballot, remaining: what the server said was left for it}:
 * its word counts, plus the change since.
 */
export function remaining(local, session, server) {
  return leftOf(local, server, budget(session), used);
}

/** Does the proposal `pid` carry something of mine? */
export function marked(local, pid) {
  return (local[pid] || 0) > 0;
}

/**
 * Apply a tap: `action` is the tapped control's dataset plus `pid` (what renderControl and
 * renderPinned put on their buttons; a typed number comes as {pid, value}), `left` what
 * remaining() says. Returns null (nothing changes) or {local, note?: {key, params} to tell,
 * focus?: [selectors to focus, first enabled wins]}. A tap never makes an acceptable ballot one
 * the server would refuse.
 */
export function step(local, action, session, left) {
  const delta = parseInt(action.delta, 10);
  if (!delta) return null;
  const n = local[action.pid] || 0;
  const next = n + delta;
  if (delta > 0 && left <= 0) return null;
  if (next < 0 || (delta > 0 && next > cap(session))) return null;
  return accept(local, withCount(local, action.pid, next), session, check);
}

/** The phone's texts for this method: {instruction (vote phase), filterMine (the chip), castFailed}. */
export function labels(session, t) {
  return { instruction: t('instr_vote'), filterMine: t('filter_mine'), castFailed: t('vote_failed') };
}

/**
 * The pinned counter: {text, hint ('' for none), empty (nothing left), dots: {on, count} to draw or
 * null, meter: {value, max, label} or null}. `left` is what remaining() says.
 */
export function summary(local, session, left, t) {
  const all = budget(session);
  const l = Math.max(0, left);
  return {
    text: t('dots_left', { n: l }),
    hint: l === 0 ? t('dots_used_up') : '',
    empty: l === 0,
    dots: { on: l, count: all <= DOTS_DRAWN_UP_TO ? all : 0 },
    meter: null,
  };
}

/** What is pinned under the counter besides it: null, or {rows: [<li>], empty: text when no row}. */
export function renderPinned(local, session, ui) {
  return null;
}

/**
 * The control on a proposal card: {node, update(local, left) -> whether the proposal carries
 * something of mine}. Its buttons carry data-pid and the data-* that step() reads.
 */
export function renderControl(proposal, session, ui) {
  const pid = String(proposal.id);
  const title = String(proposal.title || '');
  const minus = stepButton(pid, -1, ui.t('remove_dot', { title }));
  const plus = stepButton(pid, 1, ui.t('add_dot', { title }));
  const mine = el('span', { class: 'ph-mydots', role: 'img' });
  const node = el('div', { class: 'ph-stepper' }, [minus, mine, plus]);
  const update = (local, left) => {
    const n = local[pid] || 0;
    const max = cap(session);
    minus.disabled = n <= 0;
    plus.disabled = n >= max || left <= 0;
    const row = el('span', { class: 'ph-dotrow', 'aria-hidden': 'true' });
    for (let i = 0; i < Math.max(max, n); i++) row.appendChild(el('span', { class: 'ph-dot' + (i < n ? ' is-on' : '') }));
    mine.replaceChildren(row);
    mine.setAttribute('aria-label', ui.t('my_dots', { n, max }));
    return n > 0;
  };
  return { node, update };
}

/** A result row on the phone: {figure: the score's text, extra: a second line or ''}. */
export function phoneResult(row, session, ui) {
  const d = row.detail && typeof row.detail === 'object' ? row.detail : {};
  const dots = typeof d.dots === 'number' ? d.dots : row.score;
  return { figure: dots === 1 ? ui.t('score_one') : ui.t('score', { n: dots }), extra: '' };
}



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
