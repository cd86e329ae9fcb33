/* What the board keeps itself. Everything else it shows is the newest board:update, which is the
 * truth; the drawing modules only cache their own DOM nodes (and when they last moved them).
 * - prefs: the facilitator's choices, the overall or group-balanced ranking, whether the
 *   disagreement panel shows and whether a score session shows its Quick Win matrix; kept in localStorage, so a reload or a second board window of the
 *   same browser keeps them;
 * - intake: which payload is the newest (its session and seq), and the one waiting to be drawn. */
import * as storage from '../common/storage.js';

export const STORE_VIEW = 'rembuk.board.view';
export const STORE_DISAGREE = 'rembuk.board.disagreements';
export const STORE_MATRIX = 'rembuk.board.matrix';

/** The facilitator's choices, read from storage; set() writes them back. */
export function createPrefs() {
  const prefs = {
    balanced: (storage.get(STORE_VIEW) || 'overall') === 'balanced',
    disagree: (storage.get(STORE_DISAGREE) || 'on') !== 'off',
    matrix: storage.get(STORE_MATRIX) === 'on',   // score sessions: the Quick Win matrix instead of the ranking
    toggleBalanced() {
      prefs.balanced = !prefs.balanced;
      storage.set(STORE_VIEW, prefs.balanced ? 'balanced' : 'overall');
    },
    toggleDisagree() {
      prefs.disagree = !prefs.disagree;
      storage.set(STORE_DISAGREE, prefs.disagree ? 'on' : 'off');
    },
    toggleMatrix() {
      prefs.matrix = !prefs.matrix;
      storage.set(STORE_MATRIX, prefs.matrix ? 'on' : 'off');
    },
    /** Another window changed a choice (a storage event); true when it was one of ours. */
    follow(key, value) {
      if (key === STORE_VIEW) prefs.balanced = value === 'balanced';
      else if (key === STORE_DISAGREE) prefs.disagree = value !== 'off';
      else if (key === STORE_MATRIX) prefs.matrix = value === 'on';
      else return false;
      return true;
    },
  };
  return prefs;
}

/**
 * Which payloads to draw: the newest of the shown session, never an older one; a table's board
 * (`tableId`) only its table's.
 */
export function createIntake(workshopId, tableId = null) {
  let lastSession;              // undefined until the first payload
  let lastSeq = -Infinity;
  let updateSeenThisConn = false;
  return {
    pending: null,              // the newest accepted payload, drawn at the next frame
    /** A new connection: its board:watch ack will be a full snapshot. */
    connected() { updateSeenThisConn = false; },
    /** A pushed board:update came in on this connection. */
    updateSeen() { updateSeenThisConn = true; },
    /**
     * Takes a payload if it is the newest; returns {sessionChanged} when taken, null otherwise.
     * A stale update is dropped; the ack of a fresh board:watch is a full snapshot and wins anyway,
     * unless a newer update already came on this connection (after a server restart seq may start
     * again from a lower value).
     */
    accept(p, fromAck) {
      if (!p || typeof p !== 'object') return null;
      if (p.workshop_id != null && workshopId != null && p.workshop_id !== workshopId) return null;
      if (tableId != null && p.table_id !== undefined && p.table_id !== tableId) return null;
      const sid = p.session_id == null ? null : p.session_id;
      const seq = typeof p.seq === 'number' ? p.seq : null;
      if (sid === lastSession && seq !== null && seq < lastSeq && (!fromAck || updateSeenThisConn)) return null;
      const sessionChanged = sid !== lastSession;
      lastSession = sid;
      if (seq !== null) lastSeq = seq;
      this.pending = p;
      return { sessionChanged };
    },
  };
}
