/* The console's API client: fetch with the console's cookie and its CSRF token (the page's
 * <meta name="csrf-token">). A refusal rejects with the server's own message. */

const API = '/api/v1';

/**
 * An api(method, path, body) function: resolves with the JSON body, rejects with an Error whose
 * message is the server's (or `networkError` without an answer), whose `code` is its code and
 * whose `body` is the whole answer. A FormData body goes as multipart (an upload), others as JSON.
 */
export function createApi(csrf, networkError) {
  return async function api(method, path, body) {
    const options = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
      options.headers['X-CSRFToken'] = csrf;
      if (body instanceof FormData) {
        options.body = body;   // the browser sets the multipart Content-Type and its boundary
      } else {
        options.headers['Content-Type'] = 'application/json';
        options.body = JSON.stringify(body || {});
      }
    }
    let response;
    try {
      response = await fetch(API + path, options);
    } catch (e) {
      throw new Error(networkError);
    }
    const data = await response.json().catch(() => null);
    if (response.ok) return data;
    const error = (data && data.error) || {};
    const failure = new Error(error.message || networkError);
    failure.code = error.code;
    failure.status = response.status;
    failure.body = data;
    throw failure;
  };
}

/** Runs fn at most once per `gap` ms and never twice at the same time; calls in between coalesce. */
export function throttled(fn, gap) {
  let running = false, again = false, last = 0, timer = null;
  function run() {
    timer = null;
    running = true;
    again = false;
    last = Date.now();
    Promise.resolve().then(fn).catch(() => { /* the caller showed it */ }).then(() => {
      running = false;
      if (again) request();
    });
  }
  function request() {
    if (running) { again = true; return; }
    if (timer) return;
    timer = setTimeout(run, Math.max(0, last + gap - Date.now()));
  }
  return request;
}
