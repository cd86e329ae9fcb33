/* The phase timer (#board-timer): counts down from the server's `remaining` with the local clock,
 * anchored when the payload came (not when it gets drawn). A timer that ran out stays up ("time
 * is up") until the phase moves on. */
import { byId, setText, show } from '../common/dom.js';
import { clock as clockText, num } from '../common/format.js';

const TIMER_WARN_S = 30;
const TICK_MS = 250;

/** The timer; onRoomChange() runs when it appears or goes (the phase line gets less room). */
export function createTimer(t, onRoomChange) {
  const box = byId('board-timer');
  const time = byId('timer-time');
  let clock = null;             // {running, base (seconds left at `at`), at (performance.now()), phase}
  let expiredIn = null;         // the phase in which the countdown was seen at zero
  let tick = null;

  function secondsLeft() {
    if (!clock) return 0;
    const left = clock.running ? clock.base - (performance.now() - clock.at) / 1000 : clock.base;
    return Math.max(0, Math.ceil(left - 1e-6));
  }

  function update() {
    const s = secondsLeft();
    const phase = clock && clock.phase;
    if (clock && s === 0) {
      if (expiredIn === null) expiredIn = phase;
    } else {
      expiredIn = null;
    }
    // A stopped timer is not shown on the final results.
    const visible = !!clock && (clock.running || phase !== 'closed') && !(s === 0 && expiredIn !== phase);
    const over = visible && s === 0;
    show(box, visible);
    if (document.body.classList.contains('has-timer') !== visible) {
      document.body.classList.toggle('has-timer', visible);
      onRoomChange();
    }
    if (visible) {
      setText(time, over ? t('time_up') : clockText(s));
      box.classList.toggle('is-over', over);
      box.classList.toggle('is-warning', !over && s <= TIMER_WARN_S);
      box.classList.toggle('is-paused', !over && !clock.running);
      box.classList.toggle('is-long', !over && s >= 3600);
    }
    const ticking = visible && clock.running && s > 0;
    if (ticking && tick === null) {
      tick = setInterval(update, TICK_MS);
    } else if (!ticking && tick !== null) {
      clearInterval(tick);
      tick = null;
    }
  }

  /** Takes board:update `timer` (null for none) in `phase`, as it arrives. */
  function take(timer, phase, sessionChanged) {
    if (sessionChanged) expiredIn = null;
    if (!timer || typeof timer !== 'object') {
      clock = null;
      update();
      return;
    }
    const now = performance.now();
    const remaining = Math.max(0, num(timer.remaining));
    const running = timer.running === true;
    if (clock && clock.running && running && !sessionChanged) {
      // Same countdown: keep the anchor unless the server's figure really differs (an extend),
      // so network jitter never makes the seconds step back.
      const estimate = clock.base - (now - clock.at) / 1000;
      if (Math.abs(estimate - remaining) < 1) { clock.phase = phase; update(); return; }
    }
    clock = { running, base: remaining, at: now, phase };
    update();
  }

  return { take, update };
}
