/* "Usulan serupa sudah ada": while a title is typed in the proposal form (debounced), the server
 * is asked (`proposal:similar`) which visible proposals of the session say much the same, and up
 * to three are shown under the title. Only a hint: sending one's own stays possible. Owns
 * #propose-similar. Offline it stays silent; a late answer to an older draft is dropped. */
import { byId, clear, el, show } from '../common/dom.js';
import { phaseOf, state } from './state.js';

const DEBOUNCE_MS = 600;
const MIN_TITLE = 3;

let timer = null;
let asked = 0;                  // the number of the latest question; older answers are dropped
let lastKey = '';

function box() { return byId('propose-similar'); }

/** Hide the hint (after sending, or when the title is cleared). */
export function clearSimilar() {
  clearTimeout(timer);
  asked += 1;
  lastKey = '';
  const node = box();
  if (!node) return;
  clear(byId('propose-similar-list'));
  show(node, false);
}

function render(similar) {
  const list = byId('propose-similar-list');
  clear(list);
  for (const p of similar) list.appendChild(el('li', { class: 'ph-similar-item', text: p.title }));
  show(box(), similar.length > 0);
}

function ask() {
  const title = byId('propose-title').value.replace(/\s+/g, ' ').trim();
  const description = byId('propose-description').value.trim().slice(0, 1000);
  const socket = state.socket;
  if (title.length < MIN_TITLE || phaseOf() !== 'collect' || !state.snap) { clearSimilar(); return; }
  const key = state.snap.session_id + '\n' + title + '\n' + description;
  if (key === lastKey || !socket || !socket.connected) return;
  lastKey = key;
  const mine = ++asked;
  socket.emit('proposal:similar', { session_id: state.snap.session_id, title: title.slice(0, 120), description },
    (ack) => {
      if (mine !== asked) return;
      if (ack && ack.ok && Array.isArray(ack.similar)) render(ack.similar);
      else lastKey = '';   // refused (rate limit, phase): ask again on the next keystroke
    });
}

/** Wire the title and description fields of the proposal form. */
export function initSimilar() {
  const schedule = () => { clearTimeout(timer); timer = setTimeout(ask, DEBOUNCE_MS); };
  byId('propose-title').addEventListener('input', schedule);
  byId('propose-description').addEventListener('change', schedule);
}
