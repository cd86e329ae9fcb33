/* Quick poll: each participant chooses one answer (or up to max_choices) among the facilitator's
 * options. The options are the session's proposals (settings.options maps each key to its proposal).
 * Mirrors the 'poll' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */
import { el } from '../common/dom.js';
import { leftOf } from './shared.js';

// ------------------------------------------------------------------ ballot and the phone's control
// Local ballot: ["<pid>", ...], the chosen options' proposal ids in the order chosen; the wire form
// names them by key ({choices: [key, ...]}). Interface and signatures: see ./dots.js.

const most = (session) => session.settings.max_choices;
const options = (session) => (Array.isArray(session.settings.options) ? session.settings.options : []);

/** proposal id (string) -> option key, for the options that can be chosen. */
function keyOf(session) {
  return new Map(options(session).filter((o) => o && o.key != null).map((o) => [String(o.proposal_id), String(o.key)]));
}

export function emptyBallot(session) {
  return [];
}

/** The chosen keys as proposal ids; unknown keys and repeats are dropped. */
export function fromWire(ballot, session) {
  const raw = ballot && typeof ballot === 'object' ? ballot[session.wireKey] : null;
  const pidOf = new Map(Array.from(keyOf(session), ([pid, key]) => [key, pid]));
  const out = [];
  for (const key of Array.isArray(raw) ? raw : []) {
    const pid = pidOf.get(String(key));
    if (pid && !out.includes(pid)) out.push(pid);
  }
  return out;
}

/** {choices: [key, ...]}. */
export function toWire(local, session) {
  const keys = keyOf(session);
  return { [session.wireKey]: local.map((pid) => keys.get(pid)).filter((key) => key !== undefined) };
}

/** Only options still offered, at most max_choices of them. */
export function prune(local, session) {
  const keys = keyOf(session);
  return local.filter((pid) => keys.has(pid) && session.proposalIds.has(pid)).slice(0, Math.max(0, most(session)));
}

/** invalid_ballot, too_many_choices {max}, unknown_option {option}, duplicate_choice. */
export function check(local, session) {
  if (!Array.isArray(local)) return { code: 'invalid_ballot', params: {} };
  if (local.length > most(session)) return { code: 'too_many_choices', params: { max: most(session) } };
  const keys = keyOf(session);
  const seen = new Set();
  for (const pid of local) {
    if (!keys.has(String(pid))) return { code: 'unknown_option', params: { option: String(pid).slice(0, 40) } };
    if (seen.has(String(pid))) return { code: 'duplicate_choice', params: {} };
    seen.add(String(pid));
  }
  return null;
}

export function used(local) {
  return local.length;
}

export function remaining(local, session, server) {
  return leftOf(local, server, most(session), used);
}

export function marked(local, pid) {
  return local.includes(pid);
}

/**
 * {pollToggle} on an option's button: choose it or take it back. With one answer per person a new
 * choice replaces the old one (as a radio button); with more, a full ballot takes no new choice.
 */
export function step(local, action, session, left) {
  if (action.pollToggle === undefined) return null;
  const pid = String(action.pid);
  let next;
  if (local.includes(pid)) next = local.filter((other) => other !== pid);
  else if (most(session) === 1) next = [pid];
  else if (left <= 0) return null;
  else next = local.concat([pid]);
  if (check(next, session) && !check(local, session)) return null;
  return { local: next };
}

export function labels(session, t) {
  const n = most(session);
  return { instruction: n === 1 ? t('instr_vote_poll_one') : t('instr_vote_poll', { n }),
    filterMine: t('filter_mine_poll'), castFailed: t('vote_failed_any') };
}

/** Answers left (one answer: whether it is given). */
export function summary(local, session, left, t) {
  const l = Math.max(0, left);
  if (most(session) === 1) {
    return { text: local.length ? t('poll_answered') : t('instr_vote_poll_one'), hint: '', empty: local.length > 0,
      dots: null, meter: null };
  }
  return { text: t('choices_left', { n: l }), hint: l === 0 ? t('choices_full') : '', empty: l === 0, dots: null,
    meter: null };
}

export function renderPinned(local, session, ui) {
  return null;
}

/** A poll has no whole-ballot sheet: its controls are on the option cards. */
export function renderSheet(session, ui) {
  return null;
}

/** One button per option: "Choose" or "Chosen" (pressed). */
export function renderControl(proposal, session, ui) {
  const pid = String(proposal.id);
  const title = String(proposal.title || '');
  const button = el('button', { class: 'ph-btn ph-poll-choose', type: 'button', 'data-poll-toggle': pid,
    'aria-pressed': 'false', 'aria-label': ui.t('poll_choose_label', { title }), text: ui.t('poll_choose') });
  const update = (local, left) => {
    const on = local.includes(pid);
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.classList.toggle('is-on', on);
    button.textContent = on ? ui.t('poll_chosen') : ui.t('poll_choose');
    button.disabled = !on && most(session) > 1 && left <= 0;
    return on;
  };
  return { node: el('div', { class: 'ph-pollctl' }, [button]), update };
}

/** Votes. */
export function phoneResult(row, session, ui) {
  const d = row.detail && typeof row.detail === 'object' ? row.detail : {};
  const n = typeof d.poll === 'number' ? d.poll : row.score;
  return { figure: n === 1 ? ui.t('votes_one') : ui.t('votes_n', { n }), extra: '' };
}



// ------------------------------------------------------------------ result rows
// The same exports as dots.js (documented there); votes add up like dots (./sum.js), and the
// group-balanced view is the same average per voter.
import * as pollSum from './sum.js';

export {
  resultFigure, resultMax, resultText, resultGroupText, resultCriteria, resultCriteriaFigures, resultDetail,
} from './sum.js';

/** Bars, as the other ranked methods. */
export function resultLayout() {
  return 'bars';
}

/** Board keys phase_vote_poll_one / phase_vote_poll ("Choose up to 2 answers"). */
export function voteLine(settings, t) {
  const n = (settings || {}).max_choices;
  return n > 1 ? t('phase_vote_poll', { n }) : t('phase_vote_poll_one');
}

/** No cap per option beyond one vote. */
export function capLine() {
  return '';
}

/** balanced_sum_rule in the group-balanced view. */
export function ruleLine(settings, { balanced = false } = {}, t) {
  return balanced ? t('balanced_sum_rule') : '';
}

/** Console keys poll_one / poll_each. */
export function settingsLine(settings, t) {
  const n = (settings || {}).max_choices;
  return n > 1 ? t('poll_each', { n }) : t('poll_one');
}

/** Console key paper_help_poll. */
export function paperHelp(settings, t) {
  return t('paper_help_poll', { n: (settings || {}).max_choices || 1 });
}

/** One column: 1 for a chosen option. */
export function paperColumns(settings, t, methodLabel) {
  return [{ label: methodLabel }];
}

/** 0 or 1 on each option. */
export function paperControl(settings) {
  return pollSum.paperNumber(1);
}

/** The answers add up to at most max_choices. */
export function paperBudget(settings) {
  return (settings || {}).max_choices || 1;
}

/** {choices: [key, ...]} from the options marked 1 (console keys paper_number, paper_empty). */
export function paperBallot(cells, settings, t, wireKey) {
  const { entries, bad } = pollSum.paperEntries(cells);
  if (bad || entries.some((entry) => entry[1] > 1)) return { error: t('paper_number') };
  const keys = new Map(((settings || {}).options || []).map((o) => [String(o.proposal_id), String(o.key)]));
  const choices = entries.filter((entry) => entry[1] === 1).map((entry) => keys.get(entry[0])).filter(Boolean);
  if (!choices.length) return { error: t('paper_empty') };
  return { ballot: { [wireKey]: choices } };
}
