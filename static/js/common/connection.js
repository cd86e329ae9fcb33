/* The Socket.IO connection shared by the pages (window.io comes from static/vendor, loaded as a
 * classic script before the modules), and what a page keeps while it is offline:
 * - Outbox: independent actions (the phone's proposals), each sent until acknowledged, kept in
 *   localStorage across a reload or a closed tab and replayed on every connect; each carries an id
 *   the server dedupes on, so a replay never counts twice.
 * - Latest: the latest value of one thing (the phone's ballot), kept in localStorage until the
 *   server has it, sent one at a time; a change while one is on its way goes after its answer.
 * Pages add their own events. */
import * as storage from './storage.js';

/** Whether the Socket.IO client script loaded. */
export function socketAvailable() {
  return typeof window.io === 'function';
}

const closedSockets = new WeakSet();

/**
 * Open a socket with the pages' common options (WebSocket first, long-polling where it is blocked)
 * plus `options`; null without the client script. A socket the server closed on purpose does not
 * reconnect by itself: it is asked to again after `retryMs` (unless closeSocket closed it since).
 */
export function openSocket(options = {}, retryMs = 3000) {
  if (!socketAvailable()) return null;
  const socket = window.io({ transports: ['websocket', 'polling'], tryAllTransports: true, ...options });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retryLater(socket, retryMs);
  });
  return socket;
}

/** Ask a socket to connect again after `ms`, unless it was closed or connected meanwhile. */
export function retryLater(socket, ms) {
  setTimeout(() => {
    if (!closedSockets.has(socket) && !socket.connected) socket.connect();
  }, ms);
}

/** Close a socket for good: no listener, no reconnect. */
export function closeSocket(socket) {
  if (!socket) return;
  closedSockets.add(socket);
  socket.off();
  if (socket.io) socket.io.off();
  socket.disconnect();
}

/**
 * Emit an event and resolve with its ack; rejects with an Error whose `timeout` is true when no
 * ack came within timeoutMs.
 */
export function request(socket, event, payload, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (err, ack) => {
      if (err) {
        const failure = new Error('no ack for ' + event);
        failure.timeout = true;
        reject(failure);
      } else {
        resolve(ack);
      }
    });
  });
}

/** The error {code, message} of a refused ack or connect_error, or null. */
export function refusal(value) {
  if (!value) return null;
  const data = value.data !== undefined ? value.data : value;
  const error = (data && (data.error || (data.code ? data : null))) || null;
  if (error) return { code: error.code, message: error.message || error.code };
  return value.message ? { code: value.message, message: value.message } : null;
}

/** Is an ack a real answer ({ok: true|false, ...})? Anything else counts as no answer. */
function answered(ack) {
  return !!ack && typeof ack.ok === 'boolean';
}

/**
 * The offline queue of independent actions. Options: key (localStorage), event, payload(item)
 * (what is emitted; default the item), idOf(item) (default item.client_id), timeoutMs (no ack:
 * kept and sent again), retryMs, garbledTries (a garbled ack counts as no answer this many times),
 * onAnswer(item, ack) once the server answered (the item has left the queue), onChange() after
 * anything changed (queued, sending, answered).
 */
export class Outbox {
  constructor({ key, event, payload = (item) => item, idOf = (item) => item.client_id, timeoutMs = 8000,
    retryMs = 2000, garbledTries = 3, onAnswer = () => {}, onChange = () => {} }) {
    Object.assign(this, { key, event, payload, idOf, timeoutMs, retryMs, garbledTries, onAnswer, onChange });
    const kept = storage.getJSON(key);
    this.items = Array.isArray(kept) ? kept.filter((item) => item && idOf(item)) : [];
    this.inflight = new Set();
    this.socket = null;
  }

  get size() { return this.items.length; }

  /** Is this item on its way (sent, no answer yet)? */
  sending(item) { return this.inflight.has(this.idOf(item)); }

  /** Send through this socket from now on: everything queued goes on connect. */
  attach(socket) {
    this.socket = socket;
    this.inflight.clear();
    socket.on('connect', () => this.flush());
    socket.on('disconnect', () => this.inflight.clear());
  }

  /** Queue an item (kept in storage) and send it now when connected. */
  add(item) {
    this.items.push(item);
    this.save();
    if (this.connected()) this.send(item);
  }

  /** Send every queued item not already on its way. */
  flush() {
    if (!this.connected()) return;
    for (const item of this.items) if (!this.sending(item)) this.send(item);
  }

  /** Forget everything (storage too), and the socket. */
  clear() {
    this.items = [];
    this.inflight.clear();
    this.socket = null;
    storage.remove(this.key);
  }

  connected() { return !!(this.socket && this.socket.connected); }

  save() {
    if (this.items.length) storage.setJSON(this.key, this.items);
    else storage.remove(this.key);
  }

  send(item) {
    const socket = this.socket;
    const id = this.idOf(item);
    this.inflight.add(id);
    socket.timeout(this.timeoutMs).emit(this.event, this.payload(item), (err, ack) => {
      if (socket !== this.socket) return;
      this.inflight.delete(id);
      const garbled = !err && !answered(ack);
      if (garbled) item.garbled = (item.garbled || 0) + 1;
      if (err || (garbled && item.garbled < this.garbledTries)) {
        // No answer: keep it; the same id goes again (the server dedupes).
        if (this.connected()) setTimeout(() => this.flush(), this.retryMs);
        this.onChange();
        return;
      }
      this.items = this.items.filter((other) => this.idOf(other) !== id);
      this.save();
      this.onAnswer(item, ack);
      this.onChange();
    });
    this.onChange();
  }
}

/**
 * The latest value of one thing the server must get. Options: key (localStorage), event,
 * timeoutMs. The owner decides what the value is and when it goes: keep(record) stores it until
 * done(); schedule(ms, prepare) calls prepare() after a pause (a newer schedule replaces it), which
 * gives null (nothing to send) or {payload, onAck(err, ack)}; while one is on its way no other goes
 * (the owner schedules again from onAck). A pagehide sends a scheduled value at once.
 */
export class Latest {
  constructor({ key, event, timeoutMs = 8000 }) {
    Object.assign(this, { key, event, timeoutMs });
    this.socket = null;
    this.timer = null;
    this.inFlight = false;
    this.next = null;
    window.addEventListener('pagehide', () => {
      if (this.timer) { clearTimeout(this.timer); this.fire(); }
    });
  }

  /** The record kept (by this page or an earlier one), or null. */
  kept() { return storage.getJSON(this.key); }

  /** Keep a record in storage until done() (null: keep nothing). */
  keep(record) {
    if (record === null || record === undefined) storage.remove(this.key);
    else storage.setJSON(this.key, record);
  }

  /** The server has it (or it is given up): nothing kept, nothing scheduled. */
  done() {
    storage.remove(this.key);
    this.cancel();
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** Send through this socket; answers from an earlier socket are ignored. */
  attach(socket) {
    this.socket = socket;
    this.inFlight = false;
    if (socket) socket.on('disconnect', () => { this.inFlight = false; });
  }

  /** After `ms`, call `prepare()`; if it gives {payload, onAck}, emit (when connected and free). */
  schedule(ms, prepare) {
    this.cancel();
    this.next = prepare;
    this.timer = setTimeout(() => this.fire(), ms);
  }

  fire() {
    this.timer = null;
    const job = this.next && this.next();
    if (!job || !this.socket || !this.socket.connected || this.inFlight) return;
    const socket = this.socket;
    this.inFlight = true;
    socket.timeout(this.timeoutMs).emit(this.event, job.payload, (err, ack) => {
      if (socket !== this.socket) return;
      this.inFlight = false;
      job.onAck(err, ack);
    });
  }
}
