/* A session's phase timer: start (minutes), pause/resume, +1 minute, reset, and "close
 * automatically"; the display counts down locally from the server's `remaining`. */
import { clock, wholeNumber } from '../common/format.js';
import { busy } from './ui.js';

const EXTEND_SECONDS = 60;

export function createTimer(session) {
  const { api, t, constants } = session.ctx;
  const display = session.q('.timer-display');
  const auto = session.q('.timer-auto');
  const minutesInput = session.q('.timer-minutes-input');
  const maxMinutes = Math.floor(constants.limits.timer_seconds / 60);
  let timer = null;              // the server's timer object, or null
  let timerAt = 0;               // performance.now() when it came

  function remaining() {
    if (!timer) return null;
    const left = Number(timer.remaining) || 0;
    return timer.running ? Math.max(0, left - (performance.now() - timerAt) / 1000) : left;
  }

  function render() {
    const left = remaining();
    const text = left === null ? '--:--' : clock(left);
    if (display.textContent !== text) display.textContent = text;
    const running = !!(timer && timer.running);
    display.classList.toggle('is-running', running);
    display.classList.toggle('is-over', left !== null && left <= 0);
    display.title = left === null ? t('timer_none') : (left <= 0 ? t('timer_over') : (timer.auto_close ? t('timer_auto_on') : ''));
    const pause = session.q('[data-timer="pause"]');
    pause.textContent = running || !timer ? t('pause') : t('resume');
    pause.disabled = !timer || (!running && left <= 0);
    session.q('[data-timer="extend"]').disabled = !timer;
    session.q('[data-timer="reset"]').disabled = !timer;
  }

  function send(body, control) {
    busy(control, api('POST', '/sessions/' + session.id + '/timer', body))
      .then(session.take, (error) => {
        render();
        session.fail(error);
      });
  }

  function action(name, button) {
    const body = { action: name };
    if (name === 'start') {
      const minutes = wholeNumber(minutesInput.value);
      if (!(minutes >= 1 && minutes <= maxMinutes)) {
        session.notice(t('minutes_invalid'), 'error');
        minutesInput.focus();
        return;
      }
      body.seconds = minutes * 60;
      body.auto_close = auto.checked;
    } else if (name === 'pause') {
      body.action = timer && timer.running ? 'pause' : 'resume';
    } else if (name === 'extend') {
      body.seconds = EXTEND_SECONDS;
    }
    send(body, button);
  }

  for (const button of session.qa('[data-timer]')) {
    button.addEventListener('click', () => action(button.getAttribute('data-timer'), button));
  }
  auto.addEventListener('change', (event) => {
    // Without a timer the box only matters for the next Start. Pause on a paused timer, or
    // resume on a running one, changes nothing but auto_close.
    if (!timer) return;
    send({ action: timer.running ? 'resume' : 'pause', auto_close: event.currentTarget.checked }, event.currentTarget);
  });

  return {
    /** The server's timer object (null for none), as it arrives. */
    set(value) {
      timer = value || null;
      timerAt = performance.now();
      if (timer) auto.checked = !!timer.auto_close;
      render();
    },
    render,
  };
}
