/* The join screen: name, group (unsur), organization (the table in workshops with tables, the
 * personal code in strict workshops), one button. Owns #join-screen, and #welcome: a badge's QR
 * (/j/CODE?t=TICKET) joins at once with its ticket, no form, and greets the person by name. */
import { byId, q, setText, show } from '../common/dom.js';
import { code, page, t } from './context.js';
import { clearOnEdit, cssEscape, setFieldError, setFormError, syncChecked } from './forms.js';
import { remember } from './state.js';

const JOIN_TIMEOUT_MS = 15000;

const form = byId('join-form');
const button = byId('join-button');
const buttonLabel = button.textContent;

function clearErrors() {
  for (const field of ['name', 'group', 'organization', 'table_id']) setFieldError(form, 'join', field, '');
  setFormError('join-error', '');
}

/** Show the join screen, with a message and the fields of someone who was here before. */
export function showJoin(message, prefill) {
  show(byId('live-screen'), false);
  show(byId('me-line'), false);
  show(byId('welcome'), false);
  show(byId('join-screen'), true);
  clearErrors();
  if (prefill) {
    byId('join-name').value = prefill.name || '';
    byId('join-organization').value = prefill.organization || '';
    const radio = q('input[name="group"][value="' + cssEscape(prefill.group || '') + '"]', form);
    if (radio) radio.checked = true;
    syncChecked(form);
  }
  if (message) setFormError('join-error', message);
}

async function postJoin(payload) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), JOIN_TIMEOUT_MS);
  const res = await fetch(page.join_api || '/api/v1/join', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    body: JSON.stringify(payload),
    credentials: 'same-origin',
    signal: controller.signal,
  });
  clearTimeout(timer);
  const body = await res.json().catch(() => null);
  return { ok: res.ok && !!(body && body.participant), body };
}

/** The fields as typed, or null after marking what is missing. */
function readFields() {
  const name = byId('join-name').value.trim();
  const checked = q('input[name="group"]:checked', form);
  const group = checked ? checked.value : '';
  let firstBad = null;
  if (!name) { setFieldError(form, 'join', 'name', t('name_required')); firstBad = byId('join-name'); }
  if (!group) {
    setFieldError(form, 'join', 'group', t('group_required'));
    firstBad = firstBad || q('input[name="group"]', form);
  }
  if (firstBad) { firstBad.focus(); return null; }
  const payload = { join_code: code, name, group, organization: byId('join-organization').value.trim() };
  const seat = q('input[name="table_id"]:checked', form);   // workshops with tables only
  if (seat) payload.table_id = parseInt(seat.value, 10);
  const ticket = byId('join-ticket');   // strict workshops only
  if (ticket) payload.ticket = ticket.value.trim();
  else if (unsentBadge) payload.ticket = unsentBadge;   // a badge the connection lost: it still counts
  return payload;
}

async function submit(ev, joined) {
  ev.preventDefault();
  if (button.disabled) return;
  clearErrors();
  const payload = readFields();
  if (!payload) return;
  button.disabled = true;
  button.textContent = t('joining');
  try {
    const result = await postJoin(payload);
    if (result.ok) {
      remember(result.body.token, result.body.participant);
      joined();
    } else {
      const error = result.body && result.body.error;
      const message = (error && error.message) || t('join_failed');
      if (!(error && error.field && setFieldError(form, 'join', error.field, message))) setFormError('join-error', message);
    }
  } catch (e) {
    setFormError('join-error', t('network_error'));
  }
  button.disabled = false;
  button.textContent = buttonLabel;
}

const BADGE_TRIES = 3;
const BADGE_RETRY_MS = 2000;
const BADGE_MESSAGES = { ticket_used: 'badge_used', invalid_ticket: 'badge_invalid' };
let unsentBadge = '';   // a badge's ticket that never reached the server

/**
 * Join with a badge's ticket: the server takes name, group and organization from the invitation.
 * A refused badge shows why above the normal form; after a lost connection the form keeps the
 * ticket (strict workshops: in its field) so one tap retries.
 */
export async function joinWithBadge(ticket, joined) {
  const boot = byId('boot');
  setText(boot, t('badge_joining'));
  show(boot, true);
  for (let attempt = 1; attempt <= BADGE_TRIES; attempt += 1) {
    let result = null;
    try {
      result = await postJoin({ join_code: code, ticket });
    } catch (e) {
      if (attempt < BADGE_TRIES) { await new Promise((done) => setTimeout(done, BADGE_RETRY_MS)); continue; }
    }
    show(boot, false);
    if (result && result.ok) {
      remember(result.body.token, result.body.participant);
      const welcome = byId('welcome');
      setText(welcome, t('welcome', { name: result.body.participant.name }));
      show(welcome, true);
      joined();
      return;
    }
    const error = result && result.body && result.body.error;
    const key = error ? BADGE_MESSAGES[error.code] : 'network_error';
    showJoin(key ? t(key) : (error && error.message) || t('join_failed'), null);
    const field = byId('join-ticket');
    if (!error && field) field.value = ticket;
    if (!error) unsentBadge = ticket;
    return;
  }
}

/** Wire the form; `joined()` runs once the server has taken this phone in. */
export function initJoin(joined) {
  clearOnEdit(form, 'join');
  form.addEventListener('submit', (ev) => submit(ev, joined));
}
