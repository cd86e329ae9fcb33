/* The phone's socket: opened with the current token, honest about its state (state.conn, shown
 * by status.js), asked again when the server refuses, and the queues (state.outbox, state.cast)
 * sent through it. Owns no element. */
import { closeSocket, openSocket, refusal, retryLater, socketAvailable } from '../common/connection.js';
import { complete } from './shared.js';
import { state } from './state.js';
import { renderConn } from './status.js';

const RETRY_MS = 3000;            // refused for another reason than "who are you?": ask again after this
const UNAUTHORIZED_RETRY_MS = 1500;

/** Connect; snapshots go to onSnapshot, a server that no longer knows this phone to onUnauthorized. */
export function connect(onSnapshot, onUnauthorized) {
  const conn = state.conn;
  if (!socketAvailable()) { conn.state = 'reconnecting'; renderConn(); return; }
  const socket = openSocket({
    // Long-polling first, then the upgrade: on a venue's Wi-Fi that blocks WebSocket this still works.
    transports: ['polling', 'websocket'],
    // A function, so a reconnect always offers the current token. shared_proposals: the session's
    // proposal list comes once in session:proposals, each session:state is small (protocol §7.2a).
    auth: (cb) => cb(state.token ? { token: state.token, shared_proposals: 1 } : { shared_proposals: 1 }),
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10000,
    forceNew: true,
  }, RETRY_MS);
  state.socket = socket;
  state.outbox.attach(socket);
  state.cast.attach(socket);

  socket.on('connect', () => {
    Object.assign(conn, { everConnected: true, refusals: 0, state: 'online', disconnectedAt: 0 });
    renderConn();
    // A dirty ballot is resent once the snapshot says the same vote is still open (ballot.js).
  });
  socket.on('disconnect', () => {
    conn.state = 'reconnecting';
    conn.disconnectedAt = Date.now();
    renderConn();
  });
  socket.on('connect_error', (err) => {
    const refused = refusal(err);
    if (refused && refused.code === 'unauthorized') {
      // Asked once more first: a server hiccup at connect is also answered "unauthorized".
      conn.refusals += 1;
      if (conn.refusals >= 2) onUnauthorized();
      else retryLater(socket, UNAUTHORIZED_RETRY_MS);
      return;
    }
    conn.state = 'reconnecting';
    if (!conn.disconnectedAt) conn.disconnectedAt = Date.now();
    renderConn();
    // Refused by the server for another reason: no automatic retry, so retry by hand.
    if (!socket.active) retryLater(socket, RETRY_MS);
  });
  // The shared list (protocol §7.2a): the last session:proposals and the last session:state as received.
  const shared = { list: null, raw: null, asking: false };
  const show = () => {
    const raw = shared.raw;
    const list = shared.list && shared.list.session_id === raw.session_id ? shared.list : null;
    // A list newer than the state (a newer state is on its way) is better than none.
    onSnapshot(complete(raw, shared.list) || complete({ ...raw, proposals_version: list ? list.version : null }, list));
  };
  // An answer lost with the connection: the server sends the list again on connect.
  socket.on('connect', () => { shared.asking = false; });
  socket.on('session:proposals', (list) => {
    if (!list || typeof list !== 'object') return;
    shared.list = list;
    // Sent before the state that names it; a state that waited for it is shown now.
    if (shared.raw && !shared.asking && shared.raw.proposals_version === list.version) show();
  });
  socket.on('session:state', (raw) => {
    if (!raw || typeof raw !== 'object') return;
    shared.raw = raw;
    if (complete(raw, shared.list) || raw.proposals_version === undefined) { show(); return; }
    if (shared.asking) return;  // the answer shows the latest state
    // A list this phone missed (it raced a change): asked for; shown with what it has if that fails.
    shared.asking = true;
    socket.emit('proposals:list', {}, (ack) => {
      shared.asking = false;
      if (ack && ack.ok && ack.shared) shared.list = ack.shared;
      show();
    });
  });
}

/** Close the socket for good. */
export function disconnect() {
  closeSocket(state.socket);
  state.socket = null;
}
