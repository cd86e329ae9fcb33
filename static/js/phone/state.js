/* What the phone keeps itself, in one place.
 *
 * The server's `session:state` is the truth: `state.snap` is the last one, every one re-renders
 * the screen, and `state.session` is it as the method modules read it (methods/session.js).
 * Everything else here is what the page must remember on its own, and nothing else keeps state:
 * - who this phone is: token and participant (localStorage; the cookie's participant wins);
 * - the proposals sent but not acknowledged: `state.outbox` (common/connection.js Outbox,
 *   kept in localStorage, replayed on every connect);
 * - the ballot being edited: `state.ballot` (local, acked, dirty) and its unsent copy in
 *   localStorage (`state.cast`, a common/connection.js Latest; see ballot.js);
 * - the connection as shown (status.js), the timer as received (timer.js);
 * - what the screens show of their own: the filter chip, opened descriptions, the proposal just sent,
 *   and whether the table picker shows (`view.picker`: 'needed' in tables mode without a table,
 *   'asked' after "Change table", else false; see tables.js).
 */
import { Latest, Outbox } from '../common/connection.js';
import * as storage from '../common/storage.js';
import { byId } from '../common/dom.js';
import { constants, keys, page, planFields } from './context.js';

const ACK_TIMEOUT_MS = 8000;      // no ack within this: keep the action and resend

/** The payload of `proposal:submit` for a queued proposal (empty optional fields stay home). */
function proposalPayload(item) {
  const payload = { session_id: item.session_id, title: item.title, description: item.description,
    dimension: item.dimension, client_id: item.client_id };
  for (const field of planFields.concat(['horizon', 'quick_win'])) {
    const value = item[field];
    if (value !== undefined && value !== null && value !== '') payload[field] = value;
  }
  return payload;
}

export const state = {
  token: storage.get(keys.token),
  participant: storage.getJSON(keys.participant),
  socket: null,
  snap: null,                  // the last session:state
  session: null,               // snap as the method modules read it
  ballot: {
    // In the method's local form (see methods/dots.js).
    local: null,               // as shown (may be ahead of `acked`)
    acked: null,               // the last ballot the server confirmed
    ackedRemaining: null,      // what the server said was left for `acked`
    dirty: false,              // local taps not yet confirmed
    restored: null,            // the unsent ballot an earlier page left in storage (used once)
  },
  outbox: new Outbox({ key: keys.outbox, event: 'proposal:submit', payload: proposalPayload, timeoutMs: ACK_TIMEOUT_MS }),
  cast: new Latest({ key: keys.ballot, event: 'ballot:cast', timeoutMs: ACK_TIMEOUT_MS }),
  conn: { state: 'connecting', everConnected: false, disconnectedAt: 0, refusals: 0 },
  view: { shownKey: '', filter: 'all', expanded: {}, justSent: null, picker: false },
};

// The cookie decides who this phone is when the page knows; a token of someone else goes.
if (page.participant) {
  if (!state.participant || state.participant.id !== page.participant.id) state.token = null;
  state.participant = page.participant;
  if (!state.token) storage.remove(keys.token);
  storage.setJSON(keys.participant, state.participant);
} else if (state.participant && !state.token) {
  state.participant = null;   // without cookie nor token nobody is known
}
state.ballot.restored = state.cast.kept();

/** Remember who joined. */
export function remember(token, participant) {
  state.token = token || null;
  state.participant = participant;
  if (state.token) storage.set(keys.token, state.token);
  storage.setJSON(keys.participant, participant);
}

/** Forget who this phone was and everything it kept. */
export function forgetAll() {
  for (const key of [keys.token, keys.participant]) storage.remove(key);
  state.outbox.clear();
  state.cast.done();
  state.cast.attach(null);
  Object.assign(state, { token: null, participant: null, snap: null, session: null });
  Object.assign(state.ballot, { dirty: false, restored: null });
  Object.assign(state.conn, { state: 'connecting', everConnected: false });
  state.view.shownKey = '';
  state.view.picker = false;
}

/**
 * The phase the phone shows: a live phase that has a view, else 'wait' ('loading' before any
 * snapshot); 'tables' while the table picker shows.
 */
export function phaseOf(snap = state.snap) {
  return snap && state.view.picker ? 'tables' : livePhase(snap);
}

/** The session's phase as phaseOf() gives it, the table picker aside (an unsent ballot still goes). */
export function livePhase(snap = state.snap) {
  if (!snap) return 'loading';
  if (snap.session_id === null || snap.session_id === undefined) return 'wait';
  return VIEWS.has(snap.phase) ? snap.phase : 'wait';
}

// The phases with a screen of their own (view-<phase> in the template); 'draft' waits.
const VIEWS = new Set((constants.phases || []).map((p) => p.key).filter((key) => byId('view-' + key)));

/** Actions waiting for the server: queued proposals and an unconfirmed ballot. */
export function pendingCount() {
  return state.outbox.size + (state.ballot.dirty ? 1 : 0);
}
