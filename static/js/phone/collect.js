/* collect: the proposal form (its draft kept in localStorage) and the list of what I sent,
 * queued proposals first. Owns #view-collect. Sending goes through state.outbox. */
import { byId, clear, el, q, qa, setText, show } from '../common/dom.js';
import * as storage from '../common/storage.js';
import { dimClass, horizons, keys, limit, planFields, planLimit, t } from './context.js';
import { proposalBody } from './cards.js';
import { clearOnEdit, setFieldError, setFormError, syncChecked } from './forms.js';
import { phaseOf, state } from './state.js';
import { clearSimilar, initSimilar } from './similar.js';
import { hideNotice, notify, renderConn } from './status.js';

const form = byId('propose-form');
const more = byId('propose-more');

function randomId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
}

/** What my own list shows of a proposal (no "my proposal" tag, no name: they are all mine). */
function ownCard(p) {
  const card = { title: p.title, description: p.description, dimension: p.dimension,
    horizon: p.horizon, quick_win: p.quick_win, merged_count: p.merged_count };
  for (const f of planFields) card[f] = p[f];
  return card;
}

export function renderCollect() {
  const snap = state.snap;
  const list = byId('my-list');
  clear(list);
  const mine = snap.proposals.filter((p) => p.mine !== false);
  // Waiting items of this session not already known to the server (a lost ack).
  const known = new Set(mine.map((p) => p.client_id).filter(Boolean));
  const waiting = state.outbox.items.filter((i) => i.session_id === snap.session_id && !known.has(i.client_id));
  // Newest first: what I just sent is where my thumb is.
  for (const item of waiting.slice().reverse()) {
    list.appendChild(el('li', { class: 'ph-card is-pending ' + dimClass(item.dimension) }, [
      ...proposalBody(ownCard(item)),
      el('p', { class: 'ph-card-status', text: state.outbox.sending(item) ? t('item_sending') : t('item_waiting') }),
    ]));
  }
  for (const p of mine.slice().reverse()) {
    const li = el('li', { class: 'ph-card ' + dimClass(p.dimension) }, proposalBody(ownCard(p)));
    if (p.id === state.view.justSent) li.classList.add('is-new');
    list.appendChild(li);
  }
  state.view.justSent = null;
  const count = mine.length + waiting.length;
  setText(byId('my-count'), count ? '(' + count + ')' : '');
  show(byId('my-empty'), count === 0);
}

function readDraft() {
  const dim = q('input[name="dimension"]:checked', form);
  const horizon = q('input[name="horizon"]:checked', form);
  const draft = {
    title: byId('propose-title').value,
    description: byId('propose-description').value,
    dimension: dim ? dim.value : '',
    horizon: horizon && horizon.value ? parseInt(horizon.value, 10) : null,
    quick_win: byId('propose-quick_win').checked,
  };
  for (const f of planFields) draft[f] = byId('propose-' + f).value;
  return draft;
}

function hasPlan(d) {
  return planFields.some((f) => String(d[f] || '').trim()) || horizons.includes(d.horizon) || d.quick_win === true;
}

function fillForm(values) {
  byId('propose-title').value = values.title || '';
  byId('propose-description').value = values.description || '';
  for (const r of qa('input[name="dimension"]', form)) r.checked = r.value === values.dimension;
  for (const f of planFields) byId('propose-' + f).value = values[f] || '';
  const horizon = horizons.includes(values.horizon) ? String(values.horizon) : '';
  for (const r of qa('input[name="horizon"]', form)) r.checked = !!horizon && r.value === horizon;
  byId('propose-quick_win').checked = values.quick_win === true;
  syncChecked(form);
  // Details typed before stay in sight; an empty form starts folded.
  more.open = hasPlan(values);
}

function saveDraft() {
  const d = readDraft();
  if (d.title || d.description || d.dimension || hasPlan(d)) storage.setJSON(keys.draft, d);
  else storage.remove(keys.draft);
}

function clearErrors() {
  for (const f of ['title', 'description', 'dimension', 'horizon', 'quick_win'].concat(planFields)) {
    setFieldError(form, 'propose', f, '');
  }
  setFormError('propose-error', '');
}

/** The proposal to queue, or null after marking what is missing. */
function readProposal() {
  const d = readDraft();
  const title = d.title.replace(/\s+/g, ' ').trim();
  let firstBad = null;
  if (title.length < 3) {
    setFieldError(form, 'propose', 'title', t('title_short'));
    firstBad = byId('propose-title');
  }
  if (!d.dimension) {
    setFieldError(form, 'propose', 'dimension', t('dimension_required'));
    firstBad = firstBad || q('input[name="dimension"]', form);
  }
  if (firstBad) { firstBad.focus(); return null; }
  const item = { client_id: randomId(), session_id: state.snap.session_id,
    title: title.slice(0, limit('proposal_title')), description: d.description.trim().slice(0, limit('proposal_description')),
    dimension: d.dimension };
  // The masterplan fields travel only when filled in.
  for (const f of planFields) {
    const value = d[f].trim();
    if (value) item[f] = value.slice(0, planLimit(f));
  }
  if (d.horizon) item.horizon = d.horizon;
  if (d.quick_win) item.quick_win = true;
  return item;
}

function submit(ev) {
  ev.preventDefault();
  clearErrors();
  if (phaseOf() !== 'collect') return;
  const item = readProposal();
  if (!item) return;
  state.outbox.add(item);
  fillForm({});
  clearSimilar();
  storage.remove(keys.draft);
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  if (!state.outbox.connected()) notify(t('queued'), 'ok');
  renderCollect();
  renderConn();
  // The new card is right under the button: make sure it is in view.
  const first = byId('my-list').firstElementChild;
  if (first) first.scrollIntoView({ block: 'nearest' });
}

/** The server answered a queued proposal (other than "who are you?"): show it or give the text back. */
export function proposalAnswered(item, ack) {
  if (ack && ack.ok && ack.proposal) {
    const p = { ...ack.proposal, mine: true };
    const snap = state.snap;
    if (snap && snap.session_id === item.session_id && !snap.proposals.some((other) => other.id === p.id)) {
      snap.proposals.push(p);
    }
    state.view.justSent = p.id;
    notify(t('sent'), 'ok');
  } else {
    refused(item, (ack && ack.error) || {});
  }
}

/** The server said no: give the text back so nothing typed is lost. */
function refused(item, error) {
  const message = error.message || t('error_generic');
  const d = readDraft();
  const formEmpty = !d.title.trim() && !d.description.trim() && !hasPlan(d);
  if (phaseOf() === 'collect' && state.snap.session_id === item.session_id && formEmpty) {
    fillForm(item);
    saveDraft();
    const box = byId('propose-' + error.field + '-error');
    if (box && more.contains(box)) more.open = true;   // a field inside the folded details
    if (!(error.field && setFieldError(form, 'propose', error.field, message))) setFormError('propose-error', message);
    form.scrollIntoView({ block: 'start' });
    hideNotice();
    return;
  }
  notify(t('not_sent', { title: item.title, message }), 'error');
}

export function initCollect() {
  const draft = storage.getJSON(keys.draft);
  if (draft && typeof draft === 'object') fillForm(draft);
  clearOnEdit(form, 'propose', saveDraft);
  form.addEventListener('submit', submit);
  initSimilar();
}
