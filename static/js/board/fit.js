/* Geometry: the board unit and one-line texts shrunk to fit (the phase line, the join code). */
import { byId, q } from '../common/dom.js';

/** The board unit in px: 1% of the height of the largest 16:9 frame in the window. */
export function unit() {
  return Math.min(window.innerHeight / 100, window.innerWidth * 0.5625 / 100);
}

/** Shrinks a one-line text that does not fit its width (or `avail` px). */
export function shrinkToFit(node, avail) {
  node.style.fontSize = '';
  const room = avail || node.clientWidth;
  const need = node.scrollWidth;
  if (room > 0 && need > room) {
    const size = parseFloat(getComputedStyle(node).fontSize);
    node.style.fontSize = Math.max(size * 0.55, Math.floor(size * room / need) - 1) + 'px';
  }
}

/** The live area's size in px. */
export function contentBox() {
  const content = byId('content');
  return { w: content.clientWidth, h: content.clientHeight };
}

/** Fits the phase line and the join code to a box, measuring only when something changed. */
export function createFitter() {
  const bigline = byId('bigline');
  const code = q('.board-code');
  const fitted = { bigline: '', code: '', w: 0, h: 0, timer: false };
  return function fitText(box) {
    const sizeChanged = box.w !== fitted.w || box.h !== fitted.h;
    const timerOn = document.body.classList.contains('has-timer');
    if (sizeChanged || timerOn !== fitted.timer || bigline.textContent !== fitted.bigline) {
      shrinkToFit(bigline);
      fitted.bigline = bigline.textContent;
      fitted.timer = timerOn;
    }
    if (code && (sizeChanged || !fitted.code)) {
      const frame = code.parentNode;
      shrinkToFit(code, frame.clientWidth - 2 * parseFloat(getComputedStyle(frame).paddingLeft));
      fitted.code = code.textContent;
    }
    fitted.w = box.w;
    fitted.h = box.h;
  };
}
