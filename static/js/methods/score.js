/* Criteria scores: each participant scores proposals 1-5 on weighted criteria.
 * Mirrors the 'score' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */
import { el } from '../common/dom.js';
import { numberFormat } from '../common/format.js';
import { counts, known } from './shared.js';

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)
// Local ballot: {"<pid>": {"<criterion>": score}}; a merge may leave an averaged x.5 behind.
// Interface and signatures: see ./dots.js.

const criteria = (session) => session.settings.criteria;

export function emptyBallot(session) {
  return {};
}

export function fromWire(ballot, session) {
  const raw = ballot && typeof ballot === 'object' ? ballot[session.wireKey] : null;
  const out = {};
  if (raw && typeof raw === 'object') {
    for (const [pid, row] of Object.entries(raw)) {
      const scores = counts(row);
      if (Object.keys(scores).length) out[String(pid)] = scores;
    }
  }
  return out;
}

/** {scores: {"<pid>": {"<criterion>": n}}}, whole numbers within the range (the server takes no x.5). */
export function toWire(local, session) {
  const { min, max } = session.score;
  const scores = {};
  for (const [pid, row] of Object.entries(local)) {
    const wire = {};
    for (const [key, n] of Object.entries(row)) wire[key] = Math.min(max, Math.max(min, Math.round(n)));
    if (Object.keys(wire).length) scores[pid] = wire;
  }
  return { [session.wireKey]: scores };
}

/** Only listed proposals and the session's criteria stay. */
export function prune(local, session) {
  const keys = new Set(criteria(session).map((c) => c.key));
  const next = {};
  for (const [pid, row] of Object.entries(local)) {
    if (!session.proposalIds.has(pid)) continue;
    const kept = Object.fromEntries(Object.entries(row).filter(([key]) => keys.has(key)));
    if (Object.keys(kept).length) next[pid] = kept;
  }
  return next;
}

/** unknown_proposal, invalid_ballot, unknown_criterion {criterion}, score_out_of_range {min, max}. */
export function check(local, session) {
  if (!local || typeof local !== 'object' || Array.isArray(local)) return { code: 'invalid_ballot', params: {} };
  const keys = new Set(criteria(session).map((c) => c.key));
  const { min, max } = session.score;
  for (const [pid, row] of Object.entries(local)) {
    if (!known(pid, session)) return { code: 'unknown_proposal', params: { proposal_id: String(pid).slice(0, 20) } };
    if (!row || typeof row !== 'object') return { code: 'invalid_ballot', params: {} };
    for (const [key, n] of Object.entries(row)) {
      if (!keys.has(key)) return { code: 'unknown_criterion', params: { criterion: String(key).slice(0, 40) } };
      if (typeof n !== 'number' || !Number.isFinite(n)) return { code: 'invalid_ballot', params: {} };
      if (n < min || n > max) return { code: 'score_out_of_range', params: { min, max } };
    }
  }
  return null;
}

export function used(local) {
  return 0;
}

/** Scores have no budget: null. */
export function remaining(local, session, server) {
  return null;
}

export function marked(local, pid) {
  return !!local[pid];
}

/** My weighted mean over the criteria I scored on one proposal, or null when none. */
function myScore(local, pid, session) {
  const mine = local[pid];
  if (!mine) return null;
  let weights = 0;
  let acc = 0;
  for (const c of criteria(session)) {
    const w = typeof c.weight === 'number' ? c.weight : 1;
    if (typeof mine[c.key] === 'number' && w > 0) { acc += w * mine[c.key]; weights += w; }
  }
  return weights > 0 ? acc / weights : null;
}

/** Tap a number ({pid, criterion, score}) to give it; tap the chosen one again to take it back. */
export function step(local, action, session, left) {
  const n = parseInt(action.score, 10);
  const key = action.criterion;
  if (!key || !(n >= session.score.min && n <= session.score.max)) return null;
  const row = { ...(local[action.pid] || {}) };
  if (typeof row[key] === 'number' && Math.round(row[key]) === n) delete row[key];
  else row[key] = n;
  const next = { ...local };
  if (Object.keys(row).length) next[action.pid] = row; else delete next[action.pid];
  return check(next, session) && !check(local, session) ? null : { local: next };
}

export function labels(session, t) {
  return { instruction: t('instr_vote_score'), filterMine: t('filter_mine_score'), castFailed: t('vote_failed_any') };
}

/** How many proposals I scored, as text and a meter. */
export function summary(local, session, left, t) {
  const count = session.proposals.length;
  const scored = session.proposals.filter((p) => marked(local, String(p.id))).length;
  const text = t('scored_count', { n: scored, m: count });
  return { text, hint: '', empty: false, dots: null, meter: { value: scored, max: Math.max(1, count), label: text } };
}

export function renderPinned(local, session, ui) {
  return null;
}

/** A control for the whole ballot above the cards ({node, update(local, left)}), or null: none here. */
export function renderSheet(session, ui) {
  return null;
}

/** One row of buttons min..max per criterion (weights shown when they differ), and my mean. */
export function renderControl(proposal, session, ui) {
  const list = criteria(session);
  const { min, max } = session.score;
  const weighted = list.some((c) => c.weight !== list[0].weight);
  const weightText = numberFormat(ui.locale, {});
  const buttons = {};
  const rows = list.map((c) => {
    const label = String(c.label || c.key);
    buttons[c.key] = [];
    for (let n = min; n <= max; n++) {
      buttons[c.key].push(el('button', { class: 'ph-score-btn', type: 'button', 'data-criterion': c.key,
        'data-score': String(n), 'aria-pressed': 'false', 'aria-label': ui.t('score_button', { criterion: label, n }),
        text: String(n) }));
    }
    const weight = weighted && typeof c.weight === 'number'
      ? el('span', { class: 'ph-crit-weight', text: ui.t('weight', { n: weightText.format(c.weight) }) }) : null;
    return el('div', { class: 'ph-crit', role: 'group', 'aria-label': label }, [
      el('p', { class: 'ph-crit-label' }, [el('span', { text: label }), weight]),
      el('div', { class: 'ph-scale' }, buttons[c.key]),
    ]);
  });
  const mine = el('p', { class: 'ph-myscore' });
  const one = numberFormat(ui.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pid = String(proposal.id);
  const update = (local) => {
    const row = local[pid] || {};
    for (const [key, group] of Object.entries(buttons)) {
      const value = typeof row[key] === 'number' ? Math.round(row[key]) : 0;
      group.forEach((button, i) => button.setAttribute('aria-pressed', value === min + i ? 'true' : 'false'));
    }
    const score = myScore(local, pid, session);
    mine.textContent = score === null ? ui.t('not_scored') : ui.t('my_score', { n: one.format(score) });
    mine.classList.toggle('is-none', score === null);
    return score !== null;
  };
  return { node: el('div', { class: 'ph-scores' }, rows.concat([mine])), update };
}

/** The mean score (two decimals); each criterion's mean on a second line. */
export function phoneResult(row, session, ui) {
  const d = row.detail && typeof row.detail === 'object' ? row.detail : {};
  const two = numberFormat(ui.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const one = numberFormat(ui.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const figure = ui.t('mean_score', { n: row.voters ? two.format(row.score) : '–' });
  const extra = d.criteria_means && row.voters
    ? criteria(session).map((c) => {
      const mean = d.criteria_means[c.key];
      return String(c.label || c.key) + ' ' + (typeof mean === 'number' ? one.format(mean) : '–');
    }).join(' · ')
    : '';
  return { figure, extra };
}



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

/** How the board draws the rows: 'bars' (board/ranking.js) or 'cloud' (board/cloud.js). */
export function resultLayout() {
  return 'bars';
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
