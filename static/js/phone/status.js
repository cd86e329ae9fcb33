/* The connection line ("Terhubung", "Offline — 2 menunggu") and the notice under it. Owns #conn,
 * #conn-text and #notice. The connection's state is kept in state.conn (set by link.js). */
import { byId, setText } from '../common/dom.js';
import { t } from './context.js';
import { pendingCount, state } from './state.js';

const OFFLINE_AFTER_MS = 10000;   // "reconnecting…" turns into "offline" after this
const NOTICE_MS = 3500;           // confirmations fade after this; errors stay

let noticeTimer = null;

/** Show the connection as it is, with what is waiting to be sent. */
export function renderConn() {
  const conn = state.conn;
  const pending = pendingCount();
  let shown = conn.state;
  let text;
  if (shown === 'online') {
    text = t('conn_online') + (pending ? ' · ' + t('conn_sending') : '');
  } else {
    const offline = navigator.onLine === false ||
      (conn.disconnectedAt && Date.now() - conn.disconnectedAt > OFFLINE_AFTER_MS);
    if (offline) shown = 'offline';
    else if (!conn.everConnected) shown = 'connecting';
    text = shown === 'offline' ? t('conn_offline') : shown === 'connecting' ? t('conn_connecting') : t('conn_reconnecting');
    if (pending) text += ' — ' + t('conn_waiting', { n: pending });
  }
  byId('conn').setAttribute('data-state', shown);
  // Only real changes reach the live region (screen readers announce each one).
  setText(byId('conn-text'), text);
}

/** A notice: 'ok' fades on its own, 'error' stays until closed or replaced. */
export function notify(message, kind) {
  const box = byId('notice');
  clearTimeout(noticeTimer);
  byId('notice-text').textContent = message;
  box.className = 'ph-notice ' + (kind === 'error' ? 'is-error' : 'is-ok');
  box.hidden = false;
  if (kind !== 'error') noticeTimer = setTimeout(hideNotice, NOTICE_MS);
}

export function hideNotice() {
  clearTimeout(noticeTimer);
  byId('notice').hidden = true;
}

/** Is an error on show? */
export function showingError() {
  return byId('notice').classList.contains('is-error');
}

/** Close the notice if it is an error (a new tap answers it). */
export function hideError() {
  if (showingError()) hideNotice();
}

export function initStatus() {
  byId('notice-close').addEventListener('click', hideNotice);
  window.addEventListener('online', renderConn);
  window.addEventListener('offline', renderConn);
  setInterval(() => { if (state.conn.state !== 'online') renderConn(); }, 2000);
}
