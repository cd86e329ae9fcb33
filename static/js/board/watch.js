/* The board's connection (#conn): one board:watch per connection, whose ack is a full snapshot,
 * then every board:update. Says so when the board is not updating, after a short grace for a
 * blip. */
import { byId, setText } from '../common/dom.js';
import { openSocket, refusal, request } from '../common/connection.js';

const DISCONNECT_GRACE_MS = 1500;
const WATCH_TIMEOUT_MS = 10000;
const WATCH_AGAIN_MS = 2000;    // no ack: ask again soon
const WATCH_RETRY_MS = 15000;   // refused: ask again slowly
const REFUSED_RETRY_MS = 5000;  // connection refused (e.g. the log-in expired)

/**
 * Connects and watches `target` ({workshop_id} for the workshop's board, {table_id} for a table's,
 * which follows that table's current session); `intake` takes each payload (state.js) and
 * `taken(payload, result)` runs for each one it accepted.
 */
export function watch(target, intake, taken, t) {
  const conn = byId('conn');
  let socket = null;
  let watchError = '';
  let connTimer = null;
  let watchRetry = null;
  let epoch = 0;                // the connection a watch ack belongs to

  function showConn() {
    const text = watchError || (socket && !socket.connected ? t('disconnected') : '');
    setText(conn, text);
    conn.hidden = !text;
  }
  function disconnectedSoon() {
    if (connTimer !== null) return;
    connTimer = setTimeout(() => { connTimer = null; showConn(); }, DISCONNECT_GRACE_MS);
  }
  function refused(value) {
    const error = refusal(value) || {};
    watchError = t('watch_error', { message: error.message || error.code || '?' });
    showConn();
  }
  function take(payload, fromAck) {
    const result = intake.accept(payload, fromAck);
    if (result) taken(payload, result);
  }

  function ask() {
    clearTimeout(watchRetry);
    const mine = epoch;
    request(socket, 'board:watch', target, WATCH_TIMEOUT_MS).then((res) => {
      if (mine !== epoch || !socket.connected) return;
      if (!res || !res.ok) {
        refused(res);
        watchRetry = setTimeout(ask, WATCH_RETRY_MS);
        return;
      }
      watchError = '';
      showConn();
      take(res.update, true);
    }, () => {
      if (mine === epoch && socket.connected) watchRetry = setTimeout(ask, WATCH_AGAIN_MS);
    });
  }

  socket = openSocket();
  if (!socket) {
    watchError = t('disconnected');
    showConn();
    return;
  }
  socket.on('connect', () => {
    epoch++;
    intake.connected();
    clearTimeout(connTimer);
    connTimer = null;
    showConn();
    ask();
  });
  socket.on('board:update', (p) => {
    intake.updateSeen();
    take(p, false);
  });
  socket.on('disconnect', () => {
    clearTimeout(watchRetry);
    disconnectedSoon();
  });
  socket.on('connect_error', (err) => {
    if (socket.active) { disconnectedSoon(); return; }
    refused(err);
    setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
}
