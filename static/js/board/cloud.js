/* The word cloud of a `words` session (#cloud), in place of the ranking: each word once, its size
 * one of six steps by how many people sent it, in a fixed order (first sent first), so a new word
 * joins at the end and a count going up only grows its word. Text goes in by textContent only;
 * sizes and colours are CSS classes (board.css), so nothing breaks the CSP. Laid out again at most
 * every CLOUD_MIN_MS, however fast ballots arrive. */
import { byId, el, setText } from '../common/dom.js';
import { num } from '../common/format.js';

const CLOUD_MIN_MS = 400;   // <= 2.5 re-layouts a second
const MAX_WORDS = 60;       // the most sent words shown
const STEPS = 6;
const COLOURS = 4;

/** A figure's size step 1..STEPS against the largest figure (area grows with the count). */
export function sizeStep(figure, max) {
  if (!(max > 0) || !(figure > 0)) return 1;
  return Math.max(1, Math.min(STEPS, Math.round(1 + (STEPS - 1) * Math.sqrt(figure / max))));
}

/**
 * The words to draw from ranked rows: [{id, word, figure, step, colour}] for the MAX_WORDS with
 * the highest figures, in the order they were first sent (proposal ids grow with first mentions).
 */
export function cloudWords(rows, method) {
  const top = (rows || []).filter((r) => r && r.proposal_id != null && method.resultFigure(r) > 0).slice(0, MAX_WORDS);
  const max = method.resultMax(top.map((r) => method.resultFigure(r)));
  return top.map((r) => ({ id: r.proposal_id, word: String(r.title || ''), figure: method.resultFigure(r),
    step: sizeStep(method.resultFigure(r), max), colour: num(r.proposal_id) % COLOURS }))
    .sort((a, b) => num(a.id) - num(b.id));
}

/** The cloud; `page` gives t and numbers, `schedule(delay)` asks for a render later. */
export function createCloud(page, schedule) {
  const box = byId('cloud');
  const nodes = new Map();   // proposal id -> {li, word, count, cls}
  let lastAt = -Infinity;
  let signature = '';

  function node(id) {
    let c = nodes.get(id);
    if (!c) {
      const word = el('span', { class: 'board-cloud-word' });
      const count = el('span', { class: 'visually-hidden' });
      c = { li: el('li', { class: 'board-cloud-item' }, [word, count]), word, count, cls: '' };
      nodes.set(id, c);
    }
    return c;
  }

  return {
    /** Draws the rows of a `view` ({method, balanced}); returns {fit: words shown}. */
    render(rows, view, now, force) {
      const words = cloudWords(rows, view.method);
      const sig = words.map((w) => w.id + ':' + w.word + ':' + w.step + ':' + w.figure).join('|');
      box.hidden = false;
      box.setAttribute('aria-label', page.t('cloud_label'));
      if (sig === signature) return { fit: words.length };
      const wait = lastAt + CLOUD_MIN_MS - now;
      if (wait > 0 && !force) { schedule(wait); return { fit: words.length }; }
      lastAt = now;
      signature = sig;
      const keep = new Set(words.map((w) => w.id));
      for (const [id, c] of nodes) if (!keep.has(id)) { c.li.remove(); nodes.delete(id); }
      words.forEach((w, i) => {
        const c = node(w.id);
        setText(c.word, w.word);
        setText(c.count, ' ' + page.numbers.int(Math.round(w.figure)));
        const cls = 'board-cloud-item cloud-s' + w.step + ' cloud-c' + w.colour;
        if (c.cls !== cls) { c.li.className = cls; c.cls = cls; }
        if (box.children[i] !== c.li) box.insertBefore(c.li, box.children[i] || null);
      });
      return { fit: words.length };
    },
    hide() { box.hidden = true; },
    reset() { nodes.clear(); box.replaceChildren(); signature = ''; lastAt = -Infinity; box.hidden = true; },
  };
}
