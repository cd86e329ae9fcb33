/* localStorage that never throws (private mode, full quota): reads fall back, writes are dropped. */

export function get(key, fallback = null) {
  try {
    const value = window.localStorage.getItem(key);
    return value === null ? fallback : value;
  } catch (e) {
    return fallback;
  }
}

export function set(key, value) {
  try { window.localStorage.setItem(key, value); } catch (e) { /* full or private: keep it in memory */ }
}

export function remove(key) {
  try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
}

export function getJSON(key, fallback = null) {
  const raw = get(key);
  if (raw === null) return fallback;
  try { return JSON.parse(raw); } catch (e) { return fallback; }
}

export function setJSON(key, value) {
  set(key, JSON.stringify(value));
}
