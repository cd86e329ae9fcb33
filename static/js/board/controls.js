/* The facilitator's controls on the board: the overall/balanced toggle (button in the corner or
 * key "b"), the disagreement panel (key "d") and, for score sessions, the Quick Win matrix instead
 * of the ranking (its own button, key "m"); a second board window of the same browser
 * follows. The choices themselves live in state.js (prefs). */
import { byId, show } from '../common/dom.js';

/** Wires the controls; changed() runs after any choice changed. */
export function createControls(prefs, changed) {
  const toggle = byId('board-view-toggle');
  const flipView = () => { prefs.toggleBalanced(); changed(); };
  toggle.addEventListener('click', () => { flipView(); toggle.blur(); });
  const matrixToggle = byId('board-matrix-toggle');
  const flipMatrix = () => { prefs.toggleMatrix(); changed(); };
  matrixToggle.addEventListener('click', () => { flipMatrix(); matrixToggle.blur(); });
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    const target = e.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const key = (e.key || '').toLowerCase();
    if (key === 'b') { flipView(); e.preventDefault(); }
    else if (key === 'd') { prefs.toggleDisagree(); changed(); e.preventDefault(); }
    else if (key === 'm') { flipMatrix(); e.preventDefault(); }
  });
  window.addEventListener('storage', (e) => {
    if (prefs.follow(e.key, e.newValue)) changed();
  });
  return {
    /** The toggle shows only with a ranking on screen, pressed in the balanced view. */
    show(visible, balanced) {
      show(toggle, visible);
      toggle.setAttribute('aria-pressed', balanced ? 'true' : 'false');
    },
    /** The matrix toggle shows when the session has a matrix to show, pressed while it does. */
    showMatrix(available, on) {
      show(matrixToggle, available);
      matrixToggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    },
  };
}
