/* Keyed DOM nodes, one per proposal, that move with CSS transforms instead of being rebuilt: the
 * helpers the proposal cards and the ranking rows share, and the one clock that lets their order
 * change at most once per REORDER_MIN_MS. */
import { setText, show } from '../common/dom.js';
import { num } from '../common/format.js';

export const REORDER_MIN_MS = 1200;    // order changes at most every 1.2 s
export const LEAVE_MS = 450;           // fade-out before a node is removed
const FLASH_MS = 2600;

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** When a new order may be shown: one clock for cards and rows together. */
export function createReorderClock() {
  return {
    lastAt: 0,
    reset() { this.lastAt = 0; },
    /** Keeps the displayed order unless a reorder is allowed now: {order, deferred}. */
    choose(wanted, displayed, alive, now, force) {
      if (sameList(wanted, displayed)) return { order: displayed, deferred: false };
      const displayedAlive = displayed.every((id) => alive.has(id));
      if (force || !displayed.length || !displayedAlive || now - this.lastAt >= REORDER_MIN_MS) {
        this.lastAt = now;
        return { order: wanted, deferred: false };
      }
      return { order: displayed, deferred: true };
    },
  };
}

/** Fades a node out (moving it to `transform`, if given) and removes it. */
export function leave(node, transform) {
  node.classList.add('board-leaving');
  if (transform) node.style.transform = transform;
  setTimeout(() => node.remove(), LEAVE_MS);
}

/** Fades out every node of a keyed map and forgets them. */
export function hideKeyed(map) {
  map.forEach((c) => leave(c.node));
  map.clear();
}

/** Removes every node of a keyed map at once (another session is shown). */
export function clearKeyed(map) {
  map.forEach((c) => c.node.remove());
  map.clear();
}

/** Sets a keyed node's dimension class (`cls` from dimClass), touching the DOM only on a change. */
export function setDim(c, cls) {
  if (c.dim === cls) return;
  if (c.dim) c.node.classList.remove(c.dim);
  c.node.classList.add(cls);
  c.dim = cls;
}

/** The "+n" badge of a proposal that absorbed n duplicates. */
export function setBadge(badge, merged) {
  const n = Math.max(0, Math.round(num(merged)));
  setText(badge, n > 0 ? '+' + n : '');
  show(badge, n > 0);
}

/** The card or row that absorbed a duplicate lights up briefly. */
export function flash(c) {
  if (!c) return;
  c.node.classList.remove('is-absorbing');
  void c.node.offsetWidth;   // restart the animation
  c.node.classList.add('is-absorbing');
  clearTimeout(c.flashTimer);
  c.flashTimer = setTimeout(() => c.node.classList.remove('is-absorbing'), FLASH_MS);
}
