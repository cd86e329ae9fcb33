/* Render scheduling: at most one render per animation frame, and at most RENDER_MIN_MS apart,
 * however fast updates arrive. */

export const RENDER_MIN_MS = 150;      // <= ~6 renders a second

/** A schedule(delay) function that calls render() in a frame, no sooner than `delay` ms. */
export function createScheduler(render) {
  let frameRequested = false;
  let timer = null;
  let lastRenderAt = 0;

  function requestFrame() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      lastRenderAt = performance.now();
      render();
    });
  }

  return function schedule(delay) {
    if (frameRequested || timer !== null) return;
    const wait = Math.max(delay || 0, lastRenderAt + RENDER_MIN_MS - performance.now());
    if (wait > 0) {
      timer = setTimeout(() => { timer = null; requestFrame(); }, wait);
    } else {
      requestFrame();
    }
  };
}
