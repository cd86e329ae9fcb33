/* The ballot being edited and its round trip: taps change state.ballot.local at once, an unsent
 * ballot is kept in localStorage (a closed tab loses no taps) and sent whole after a short pause;
 * the ack's ballot is the truth, a refusal puts back the last acknowledged one. Every method-
 * specific step is the method module's (methods/index.js). Owns no element. */
import { methodFor } from '../methods/index.js';
import { sessionRules } from '../methods/session.js';
import { constants, t } from './context.js';
import { livePhase, state } from './state.js';
import { hideError, notify, renderConn } from './status.js';

const CAST_DEBOUNCE_MS = 300;     // rapid taps on − / + send one ballot
const RETRY_MS = 1000;            // no ack: send again after this

const hooks = { update: () => {}, unauthorized: () => {} };

/** update(): the ballot changed (redraw the controls); unauthorized(): the server no longer knows us. */
export function initBallot(update, unauthorized) {
  Object.assign(hooks, { update, unauthorized });
}

/** The current session's method module. */
export function method() {
  return methodFor(state.session ? state.session.method : null);
}

const copy = (ballot) => JSON.parse(JSON.stringify(ballot));

/** JSON with sorted keys (arrays keep their order): equal ballots give equal strings. */
function canonical(value) {
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  if (value && typeof value === 'object') {
    return '{' + Object.keys(value).sort().map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
  }
  return JSON.stringify(value);
}

/** Left to give: the server's last word plus the taps since (null for score). */
export function remaining() {
  const b = state.ballot;
  return method().remaining(b.local, state.session, { ballot: b.acked, remaining: b.ackedRemaining });
}

/** Keep an unacknowledged ballot in local storage, so a closed tab or a crash loses no taps. */
function persist() {
  const b = state.ballot;
  state.cast.keep(b.dirty && state.snap
    ? { session_id: state.snap.session_id, method: state.session.method, ballot: method().toWire(b.local, state.session) }
    : null);
}

/** A new snapshot: its ballot is the truth, unless taps made offline (or kept from an earlier page) still wait. */
export function ballotFromSnapshot(snap, prevSession) {
  const session = sessionRules(snap, constants);
  const m = methodFor(session.method);
  const sameMethod = !!prevSession && prevSession.id === session.id && methodFor(prevSession.method) === m;
  state.session = session;
  const b = state.ballot;
  b.acked = m.fromWire(snap.ballot, session);
  b.ackedRemaining = typeof snap.remaining === 'number' ? snap.remaining : null;
  const restored = b.restored;   // from local storage: taps that never reached the server
  b.restored = null;
  const voting = snap.phase === 'vote';
  if (!b.dirty && restored && restored.session_id === snap.session_id && methodFor(restored.method) === m && voting) {
    b.local = m.prune(m.fromWire(restored.ballot, session), session);
    b.dirty = true;
    schedule(0);
  } else if (b.dirty && sameMethod && voting) {
    // Taps made while offline: keep them (for proposals still listed) and send them now.
    b.local = m.prune(b.local, session);
    schedule(0);
  } else {
    b.local = copy(b.acked);
    b.dirty = false;
    state.cast.cancel();
  }
  persist();
}

/** A tap gave a new local ballot. */
export function changeBallot(next) {
  state.ballot.local = next;
  state.ballot.dirty = true;
  persist();
  hideError();
  hooks.update();
  schedule(CAST_DEBOUNCE_MS);
}

function schedule(ms) {
  state.cast.schedule(ms, prepareCast);
}

/** The cast to send now, or null (nothing unsent, or no longer voting). */
function prepareCast() {
  const b = state.ballot;
  if (!b.dirty || livePhase() !== 'vote') return null;
  const sent = { sessionId: state.snap.session_id, method: state.session.method, local: copy(b.local) };
  return { payload: { session_id: sent.sessionId, ballot: method().toWire(sent.local, state.session) },
    onAck: (err, ack) => answered(err, ack, sent) };
}

function answered(err, ack, sent) {
  const b = state.ballot;
  if (!state.snap || state.snap.session_id !== sent.sessionId || state.session.method !== sent.method) return;
  const m = method();
  if (err) {
    if (state.socket && state.socket.connected) schedule(RETRY_MS);
    renderConn();
    return;
  }
  if (ack && ack.ok) {
    b.acked = m.fromWire(ack.ballot, state.session);
    b.ackedRemaining = typeof ack.remaining === 'number' ? ack.remaining : null;
    if (canonical(b.local) === canonical(sent.local)) {
      b.local = copy(b.acked);
      b.dirty = false;
      persist();
    } else {
      schedule(0);   // tapped again while this one was on its way
    }
  } else {
    const error = (ack && ack.error) || {};
    if (error.code === 'unauthorized') { hooks.unauthorized(); return; }
    state.cast.cancel();
    b.local = copy(b.acked);
    b.dirty = false;
    persist();
    notify(error.message || m.labels(state.session, t).castFailed, 'error');
  }
  hooks.update();
}
