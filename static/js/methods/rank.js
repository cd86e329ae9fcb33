/* Ranking: each participant orders up to rank_size proposals (Borda count).
 * Mirrors the 'rank' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */
import { el } from '../common/dom.js';
import { known, leftOf } from './shared.js';

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)
// Local ballot: ["<pid>", ...], best first. Interface and signatures: see ./dots.js.

const size = (session) => session.settings.rank_size;

export function emptyBallot(session) {
  return [];
}

/** The ranking as strings, each proposal once. */
export function fromWire(ballot, session) {
  const raw = ballot && typeof ballot === 'object' ? ballot[session.wireKey] : null;
  return [...new Set((Array.isArray(raw) ? raw : []).map(String))];
}

/** {ranking: [pid, ...]} with numeric ids. */
export function toWire(local, session) {
  return { [session.wireKey]: local.map((pid) => parseInt(pid, 10)) };
}

/** Only listed proposals, at most rank_size of them. */
export function prune(local, session) {
  return local.filter((pid) => session.proposalIds.has(pid)).slice(0, Math.max(0, size(session)));
}

/** invalid_ballot, ranking_too_long {size}, unknown_proposal, duplicate_in_ranking. */
export function check(local, session) {
  if (!Array.isArray(local)) return { code: 'invalid_ballot', params: {} };
  if (local.length > size(session)) return { code: 'ranking_too_long', params: { size: size(session) } };
  const seen = new Set();
  for (const pid of local) {
    if (!known(pid, session)) return { code: 'unknown_proposal', params: { proposal_id: String(pid).slice(0, 20) } };
    if (seen.has(String(pid))) return { code: 'duplicate_in_ranking', params: {} };
    seen.add(String(pid));
  }
  return null;
}

export function used(local) {
  return local.length;
}

export function remaining(local, session, server) {
  return leftOf(local, server, size(session), used);
}

export function marked(local, pid) {
  return local.includes(pid);
}

/** {rankAdd: pid}, {rankRemove: pid}, or {pid, rankMove: ±1} in my ranking (focus stays on the row moved). */
export function step(local, action, session, left) {
  const pid = action.pid;
  let next = null;
  let focus;
  if (action.rankAdd !== undefined) {
    if (local.includes(pid) || left <= 0) return null;
    next = local.concat([pid]);
  } else if (action.rankRemove !== undefined) {
    if (!local.includes(pid)) return null;
    next = local.filter((other) => other !== pid);
  } else if (action.rankMove !== undefined) {
    const by = parseInt(action.rankMove, 10);
    const from = local.indexOf(pid);
    const to = from + by;
    if (!by || from < 0 || to < 0 || to >= local.length) return null;
    next = local.slice();
    next[from] = next[to];
    next[to] = pid;
    // The row is redrawn: the same arrow again, or the other one at an end.
    const row = `li[data-pid="${String(pid).replace(/[^0-9A-Za-z_-]/g, '')}"]`;
    focus = [`${row} [data-rank-move="${by}"]`, `${row} [data-rank-move="${-by}"]`];
  } else {
    return null;
  }
  if (check(next, session) && !check(local, session)) return null;
  return focus ? { local: next, focus } : { local: next };
}

export function labels(session, t) {
  const count = session.proposals.length;
  return { instruction: t('instr_vote_rank', { n: count ? Math.min(size(session), count) : size(session) }),
    filterMine: t('filter_mine_rank'), castFailed: t('vote_failed_any') };
}

/** Places left; fewer proposals than places: the places nobody can fill are not "left". */
export function summary(local, session, left, t) {
  const l = Math.min(Math.max(0, left), Math.max(0, session.proposals.length - local.length));
  return { text: t('rank_left', { n: l }), hint: left <= 0 ? t('rank_full') : '', empty: l === 0, dots: null, meter: null };
}

/** My ranking so far, each row with ↑ ↓ ×. */
export function renderPinned(local, session, ui) {
  const byId = new Map(session.proposals.map((p) => [String(p.id), p]));
  const rows = local.map((pid, i) => {
    const p = byId.get(pid) || { title: '#' + pid };
    const title = String(p.title || '');
    return el('li', { class: 'ph-myrank-item ' + ui.dimClass(p.dimension), 'data-pid': pid }, [
      el('span', { class: 'ph-myrank-place', text: String(i + 1) }),
      el('span', { class: 'ph-myrank-title', text: title }),
      el('button', { class: 'ph-mini', type: 'button', 'data-rank-move': '-1', disabled: i === 0,
        'aria-label': ui.t('rank_up', { title }), text: '↑' }),
      el('button', { class: 'ph-mini', type: 'button', 'data-rank-move': '1', disabled: i === local.length - 1,
        'aria-label': ui.t('rank_down', { title }), text: '↓' }),
      el('button', { class: 'ph-mini ph-mini-remove', type: 'button', 'data-rank-remove': pid,
        'aria-label': ui.t('rank_remove_label', { title }), text: '×' }),
    ]);
  });
  return { rows, empty: ui.t('rank_empty') };
}

/** A control for the whole ballot above the cards ({node, update(local, left)}), or null: none here. */
export function renderSheet(session, ui) {
  return null;
}

/** My place, "add to my ranking" (or "ranking full"), "take out". */
export function renderControl(proposal, session, ui) {
  const pid = String(proposal.id);
  const place = el('span', { class: 'ph-place', hidden: true });
  const add = el('button', { class: 'ph-btn ph-rank-add', type: 'button', 'data-rank-add': pid, text: ui.t('rank_add') });
  const remove = el('button', { class: 'ph-btn ph-rank-remove', type: 'button', 'data-rank-remove': pid, hidden: true,
    text: ui.t('rank_remove'), 'aria-label': ui.t('rank_remove_label', { title: String(proposal.title || '') }) });
  const update = (local, left) => {
    const at = local.indexOf(pid);
    const full = left <= 0;
    place.hidden = at < 0;
    place.textContent = at >= 0 ? ui.t('rank_place', { n: at + 1 }) : '';
    add.hidden = at >= 0;
    add.disabled = full;
    add.textContent = full ? ui.t('rank_add_full') : ui.t('rank_add');
    remove.hidden = at < 0;
    return at >= 0;
  };
  return { node: el('div', { class: 'ph-rankctl' }, [place, add, remove]), update };
}

/** Borda points; how many put it first on a second line. */
export function phoneResult(row, session, ui) {
  const d = row.detail && typeof row.detail === 'object' ? row.detail : {};
  const first = typeof d.first_choices === 'number' && d.first_choices > 0 ? ui.t('first_choices', { n: d.first_choices }) : '';
  return { figure: ui.t('borda', { n: typeof d.borda === 'number' ? d.borda : row.score }), extra: first };
}



// ------------------------------------------------------------------ result rows
// (the board and console side: the figure, its text and its detail line for one ranking row)
// The same exports as dots.js (documented there); Borda points add up like dots (./sum.js). The
// first choices in a row's detail are left to the exports: the board and console show the points.
import * as rankSum from './sum.js';

export {
  resultFigure, resultMax, resultText, resultGroupText, resultCriteria, resultCriteriaFigures, resultDetail,
} from './sum.js';

/** How the board draws the rows: 'bars' (board/ranking.js) or 'cloud' (board/cloud.js). */
export function resultLayout() {
  return 'bars';
}

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
