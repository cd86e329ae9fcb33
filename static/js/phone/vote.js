/* vote: the proposals as cards, each with the method's control, the filter chips, and the method's
 * sheet for the whole ballot (#vote-sheet: a word cloud's inputs). Owns #view-vote; taps in the
 * pinned ranking (#my-ranking) come here too. The method module builds the
 * controls and says what a tap does (methods/index.js); ballot.js keeps and sends the ballot. */
import { byId, clear, el, qa } from '../common/dom.js';
import { dimClass, dimensions, t, ui } from './context.js';
import { proposalBody } from './cards.js';
import { changeBallot, method, remaining } from './ballot.js';
import { keepCardsInPlace, renderBar } from './bar.js';
import { phaseOf, state } from './state.js';
import { notify, renderConn } from './status.js';

const FILTER_MIN_PROPOSALS = 9;   // dimension chips appear above this many proposals

let cards = new Map();   // pid -> {li, dimension, update}: the cards on screen
let sheet = null;        // the method's whole-ballot control, {node, update}, or null

/** A snapshot (timer, reveal) may arrive while a number is being typed: note it to put it back. */
function typingNow(list) {
  const active = document.activeElement;
  return active && active.dataset && active.dataset.pointsInput !== undefined && list.contains(active)
    ? { pid: active.dataset.pointsInput, value: active.value } : null;
}

export function renderVote() {
  const list = byId('vote-list');
  const typing = typingNow(list);
  const session = state.session;
  clear(list);
  cards = new Map();
  renderSheet(session);
  for (const p of session.proposals) {
    const pid = String(p.id);
    const control = method().renderControl(p, session, ui);
    const li = el('li', { class: 'ph-card ph-vote-card ph-vote-' + session.method + ' ' + dimClass(p.dimension) +
      (p.mine ? ' is-mine' : ''), 'data-pid': pid, 'data-dimension': String(p.dimension || '') },
    proposalBody(p, { fold: true, noWho: true }).concat([control.node]));
    list.appendChild(li);
    cards.set(pid, { li, dimension: p.dimension, update: control.update });
  }
  renderFilter();
  updateVoteCards();
  applyFilter();
  const again = typing && cards.has(typing.pid) && cards.get(typing.pid).li.querySelector('[data-points-input]');
  if (again) {
    again.value = typing.value;
    again.focus();
  }
}

/** The method's sheet, kept while the session and its method stay (an input may be typed in). */
function renderSheet(session) {
  const box = byId('vote-sheet');
  const key = session.id + ':' + session.method + ':' + JSON.stringify(session.settings);
  if (sheet && box.dataset.key === key) return;
  sheet = method().renderSheet(session, ui);
  box.dataset.key = sheet ? key : '';
  box.replaceChildren(...(sheet ? [sheet.node] : []));
  box.hidden = !sheet;
}

/** Leaving the vote screen: no cards to update. */
export function leaveVote() {
  cards = new Map();
}

function renderFilter() {
  const bar = byId('vote-filter');
  const proposals = state.session.proposals;
  const view = state.view;
  clear(bar);
  if (proposals.length < FILTER_MIN_PROPOSALS) {
    bar.hidden = true;
    view.filter = 'all';
    return;
  }
  const counts = {};
  for (const p of proposals) counts[p.dimension] = (counts[p.dimension] || 0) + 1;
  const chips = [{ key: 'all', label: t('filter_all'), n: proposals.length },
    { key: 'mine', label: method().labels(state.session, t).filterMine, cls: 'ph-chip-mine' }];
  for (const d of dimensions) {
    if (counts[d.key]) chips.push({ key: d.key, label: d.label.replace(/^Smart\s+/, ''), n: counts[d.key], cls: dimClass(d.key) });
  }
  if (view.filter !== 'all' && view.filter !== 'mine' && !counts[view.filter]) view.filter = 'all';
  for (const c of chips) {
    bar.appendChild(el('button', { class: 'ph-chip ' + (c.cls || ''), type: 'button', 'data-filter': c.key,
      'aria-pressed': view.filter === c.key ? 'true' : 'false', text: c.n ? c.label + ' ' + c.n : c.label }));
  }
  bar.hidden = false;
}

function applyFilter() {
  const filter = state.view.filter;
  const marked = (pid) => method().marked(state.ballot.local, pid);
  let visible = 0;
  for (const [pid, card] of cards) {
    const on = filter === 'all' || (filter === 'mine' ? marked(pid) : card.dimension === filter);
    card.li.hidden = !on;
    if (on) visible++;
  }
  for (const chip of qa('[data-filter]', byId('vote-filter'))) {
    chip.setAttribute('aria-pressed', chip.dataset.filter === filter ? 'true' : 'false');
  }
  const empty = byId('vote-empty');
  empty.textContent = state.session.proposals.length === 0 ? t('no_proposals') : t('filter_empty');
  empty.hidden = visible > 0 || !!sheet;
}

/** The ballot changed: every control, the pinned bar, the connection line. */
export function updateVoteCards() {
  const left = remaining();
  for (const card of cards.values()) card.li.classList.toggle('has-dots', card.update(state.ballot.local, left));
  if (sheet) sheet.update(state.ballot.local, left);
  // The filter is not re-applied here: a card must not vanish under the thumb.
  keepCardsInPlace(renderBar);
  renderConn();
}

/** Apply a tap through the method module: {...the control's dataset, pid}. */
function act(action) {
  const result = method().step(state.ballot.local, action, state.session, remaining());
  if (!result) return null;
  if (result.note) notify(t(result.note.key, result.note.params), 'ok');
  if (result.local === state.ballot.local) updateVoteCards();
  else changeBallot(result.local);
  if (result.focus) focusFirst(result.focus);
  return result;
}

/** After a redraw, put the focus on the first enabled match (the row that moved). */
function focusFirst(selectors) {
  for (const selector of selectors) {
    const target = byId('my-ranking').querySelector(selector) || byId('vote-list').querySelector(selector);
    if (target && !target.disabled) { target.focus(); return; }
  }
}

function toggleDescription(btn) {
  const key = btn.dataset.more;
  const expanded = state.view.expanded;
  expanded[key] = !expanded[key];
  btn.classList.toggle('is-folded', !expanded[key]);
  btn.setAttribute('aria-expanded', expanded[key] ? 'true' : 'false');
}

function onClick(ev) {
  const btn = ev.target.closest('button');
  if (!btn || btn.disabled) return;
  if (btn.dataset.more !== undefined) { toggleDescription(btn); return; }
  const holder = btn.closest('[data-pid]');
  const pid = btn.dataset.pid || (holder && holder.dataset.pid);
  if (!pid || phaseOf() !== 'vote') return;
  act({ ...btn.dataset, pid });
}

export function initVote() {
  byId('vote-list').addEventListener('click', onClick);
  byId('my-ranking').addEventListener('click', onClick);
  // A typed number counts when the keyboard closes (or on Enter).
  byId('vote-list').addEventListener('change', (ev) => {
    const input = ev.target;
    if (!input.dataset || input.dataset.pointsInput === undefined || phaseOf() !== 'vote') return;
    const result = act({ pid: input.dataset.pointsInput, value: input.value });
    if (result && result.value !== undefined) input.value = String(result.value);
  });
  // The sheet's inputs: every keystroke gives the whole ballot (ballot.js waits for a pause to send).
  byId('vote-sheet').addEventListener('input', (ev) => {
    if (!ev.target.dataset || ev.target.dataset.sheetInput === undefined || phaseOf() !== 'vote') return;
    act({ values: qa('[data-sheet-input]', byId('vote-sheet')).map((input) => input.value) });
  });
  byId('vote-sheet').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' || !ev.target.dataset || ev.target.dataset.sheetInput === undefined) return;
    ev.preventDefault();
    const inputs = qa('[data-sheet-input]', byId('vote-sheet'));
    const next = inputs[inputs.indexOf(ev.target) + 1];
    if (next) next.focus(); else ev.target.blur();
  });
  byId('vote-list').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.dataset && ev.target.dataset.pointsInput !== undefined) {
      ev.preventDefault();
      ev.target.blur();
    }
  });
  byId('vote-filter').addEventListener('click', (ev) => {
    const chip = ev.target.closest('[data-filter]');
    if (!chip) return;
    state.view.filter = chip.dataset.filter;
    applyFilter();
  });
}
