/* The Socket.IO connection shared by the pages (window.io comes from static/vendor, loaded as a
 * classic script before the modules). Pages add their own events; the phone adds its offline
 * queue (see the phone's use of this module). */

/** Whether the Socket.IO client script loaded. */
export function socketAvailable() {
  return typeof window.io === 'function';
}

/**
 * Open a socket with the pages' common options (WebSocket first, long-polling where it is blocked)
 * plus `options`; null without the client script. A socket the server closed on purpose does not
 * reconnect by itself: it is asked to again after `retryMs`.
 */
export function openSocket(options = {}, retryMs = 3000) {
  if (!socketAvailable()) return null;
  const socket = window.io({ transports: ['websocket', 'polling'], ...options });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), retryMs);
  });
  return socket;
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
