/* The pinned counter (dots, points or places left; how many proposals scored) and what the method
 * pins under it (rank: my ranking so far). Owns #dots-bar and #my-ranking-box; the method module
 * says what they show. */
import { byId, el, replaceChildren, setText, show } from '../common/dom.js';
import { t, ui } from './context.js';
import { method, remaining } from './ballot.js';
import { phaseOf, state } from './state.js';

function renderCounter(voting) {
  const bar = byId('dots-bar');
  show(bar, voting);
  if (!voting) return;
  const shown = method().summary(state.ballot.local, state.session, remaining(), t);
  const dots = byId('dots-left-dots');
  show(dots, !!shown.dots);
  replaceChildren(dots, shown.dots ? Array.from({ length: shown.dots.count },
    (_, i) => el('span', { class: 'ph-dot' + (i < shown.dots.on ? ' is-on' : '') })) : []);
  const meter = byId('vote-meter');
  show(meter, !!shown.meter);
  if (shown.meter) {
    meter.max = shown.meter.max;
    meter.value = shown.meter.value;
    meter.setAttribute('aria-label', shown.meter.label);
  }
  bar.classList.toggle('is-empty', shown.empty);
  setText(byId('dots-left'), shown.text);
  setText(byId('dots-hint'), shown.hint);
  show(byId('dots-hint'), !!shown.hint);
}

function renderPinned(voting) {
  const pinned = voting ? method().renderPinned(state.ballot.local, state.session, ui) : null;
  const list = byId('my-ranking');
  show(byId('my-ranking-box'), !!pinned);
  replaceChildren(list, pinned ? pinned.rows : []);
  if (!pinned) return;
  show(list, pinned.rows.length > 0);
  setText(byId('my-ranking-empty'), pinned.empty);
  show(byId('my-ranking-empty'), pinned.rows.length === 0);
}

/** Redraw the pinned bar's vote part (hidden outside the vote phase). */
export function renderBar() {
  const voting = phaseOf() === 'vote';
  renderCounter(voting);
  renderPinned(voting);
}

/** The pinned bar may grow or shrink (the ranking, a hint): keep the cards below where the thumb is. */
export function keepCardsInPlace(change) {
  const bar = byId('bar');
  const before = bar.offsetHeight;
  const stuck = window.scrollY > 0 && bar.getBoundingClientRect().top <= 0;
  change();
  const delta = bar.offsetHeight - before;
  if (stuck && delta) window.scrollBy(0, delta);
}
