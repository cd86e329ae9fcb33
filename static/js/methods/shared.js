/* Helpers the method modules share (not a method: index.js does not list it). Pure functions,
 * except the two DOM builders, which touch `document` only when called. */
import { el } from '../common/dom.js';

/** A ballot of counts from the wire, {"<pid>": n} with only positive numbers kept. */
export function counts(raw) {
  const out = {};
  if (raw && typeof raw === 'object') {
    for (const [pid, n] of Object.entries(raw)) if (typeof n === 'number' && n > 0) out[String(pid)] = n;
  }
  return out;
}

/** The sum of a ballot of counts. */
export function sum(local) {
  return Object.values(local).reduce((total, n) => total + n, 0);
}

/** A whole number >= 0 (as the server's _count accepts). */
export function isCount(n) {
  return Number.isInteger(n) && n >= 0;
}

/** Is `pid` one of the session's proposals? */
export function known(pid, session) {
  return session.proposalIds.has(String(pid));
}

/** The error of a ballot of counts, as workshop/voting/methods.py's _normalize_counts gives it. */
export function checkCounts(local, session, budget, cap) {
  if (!local || typeof local !== 'object' || Array.isArray(local)) return { code: 'invalid_ballot', params: {} };
  for (const [pid, n] of Object.entries(local)) {
    if (!known(pid, session)) return { code: 'unknown_proposal', params: { proposal_id: String(pid).slice(0, 20) } };
    if (!isCount(n)) return { code: 'invalid_ballot', params: {} };
    if (cap !== null && n > cap) return { code: 'over_cap', params: { cap } };
  }
  if (sum(local) > budget) return { code: 'over_budget', params: { budget, unit: session.method } };
  return null;
}

/**
 * Left to give: the server's last word (`server.remaining` for the ballot `server.ballot`) plus the
 * change since, else `total` less what `local` uses.
 */
export function leftOf(local, server, total, used) {
  if (server && typeof server.remaining === 'number') return server.remaining + used(server.ballot) - used(local);
  return total - used(local);
}

/** A copy of a ballot of counts with `pid` set to n (0 removes it). */
export function withCount(local, pid, n) {
  const next = { ...local };
  if (n === 0) delete next[pid]; else next[pid] = n;
  return next;
}

/** A candidate change, or null when it would turn an acceptable ballot into one the server refuses. */
export function accept(local, next, session, check) {
  return check(next, session) && !check(local, session) ? null : { local: next };
}

/** The − or + button of a stepper. */
export function stepButton(pid, delta, label) {
  const minus = delta < 0;
  return el('button', { class: 'ph-step ' + (minus ? 'ph-step-minus' : 'ph-step-plus'), type: 'button',
    'data-pid': pid, 'data-delta': String(delta), text: minus ? '−' : '+', 'aria-label': label });
}

// The local ballot of the counting methods (dots, points): {"<pid>": n}. dots.js documents these
// as the interface; points.js exports them as they are.

export function emptyCounts(session) {
  return {};
}

export function countsFromWire(ballot, session) {
  return counts(ballot && typeof ballot === 'object' ? ballot[session.wireKey] : null);
}

export function countsToWire(local, session) {
  return { [session.wireKey]: { ...local } };
}

export function pruneCounts(local, session) {
  const next = {};
  for (const [pid, n] of Object.entries(local)) if (session.proposalIds.has(pid)) next[pid] = n;
  return next;
}
