/* The phase timer in the pinned bar. Owns #phone-timer. Counts down from `remaining` as sent, by
 * this phone's clock since receipt: never from `ends_at`, since a phone's clock may be minutes off
 * (only the elapsed time is used, which a wrong clock still measures well; Date.now() keeps
 * counting while the phone sleeps, performance.now() may not). */
import { byId, setText } from '../common/dom.js';
import { clock } from '../common/format.js';
import { t } from './context.js';
import { phaseOf } from './state.js';

let timer = null;     // {running, remaining, at} as received; `at` is Date.now() at receipt
let tick = null;

function stop() {
  clearInterval(tick);
  tick = null;
}

/** A snapshot's timer (or none). */
export function setTimer(sent) {
  timer = sent && typeof sent === 'object' && typeof sent.remaining === 'number'
    ? { running: !!sent.running, remaining: Math.max(0, sent.remaining), at: Date.now() } : null;
  stop();
  if (timer && timer.running) tick = setInterval(renderTimer, 250);
  renderTimer();
}

function left() {
  if (!timer) return null;
  const seconds = timer.running ? timer.remaining - Math.max(0, Date.now() - timer.at) / 1000 : timer.remaining;
  return Math.max(0, seconds);
}

export function renderTimer() {
  const box = byId('phone-timer');
  const seconds = left();
  const phase = phaseOf();
  const live = seconds !== null && phase !== 'wait' && phase !== 'loading';
  box.hidden = !live;
  if (!live) { stop(); return; }
  const shown = !timer.running ? 'paused' : seconds <= 0 ? 'done' : seconds <= 60 ? 'ending' : 'running';
  const text = clock(seconds) + (shown === 'paused' ? ' · ' + t('timer_paused') : '');
  setText(byId('phone-timer-text'), text);
  box.setAttribute('data-state', shown);
  box.setAttribute('aria-label', t('timer_label') + ' ' + text);
  if (shown === 'done') stop();
}
