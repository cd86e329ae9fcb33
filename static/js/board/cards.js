/* The proposal cards of collect and review (#cards): the newest first, two columns, as many as
 * fit; one keyed node per proposal, placed with transforms. */
import { el, setText } from '../common/dom.js';
import { originName } from '../common/tables.js';
import { clearKeyed, flash, hideKeyed, leave, setBadge, setDim } from './keyed.js';

// Geometry in board units (--u, 1% of a 16:9 frame's height); see board.css.
const CARD_COLS = 2;
const CARD_H = 12.2;
const CARD_GAP_X = 1.6;
const CARD_GAP_Y = 1.2;

function makeCard() {
  const title = el('p', { class: 'board-card-title' });
  const badge = el('span', { class: 'board-merged', hidden: true });
  const meta = el('p', { class: 'board-card-meta' });
  const node = el('article', { class: 'board-card' }, [
    el('div', { class: 'board-card-in' }, [el('div', { class: 'board-card-top' }, [title, badge]), meta]),
  ]);
  return { node, title, badge, meta, dim: null };
}

/** The cards panel; `page` gives dimClass, dimLabels, groupLabels and t; `reorder` the shared clock. */
export function createCards(page, reorder) {
  const box = document.getElementById('cards');
  const nodes = new Map();       // proposal id -> {node, title, badge, meta, dim}
  let order = [];                // ids in displayed order

  /**
   * Draws `proposals` (newest first) into a box of {w, h} px with board unit u; a card that was
   * merged (mergedInto: id -> survivor id) slides onto its survivor. Returns {fit, deferred}:
   * how many cards fit, and whether a reorder waits for the clock.
   */
  function render(proposals, size, u, now, mergedInto, force) {
    const cardH = CARD_H * u, gapY = CARD_GAP_Y * u, gapX = CARD_GAP_X * u;
    const rows = Math.max(1, Math.floor((size.h + gapY) / (cardH + gapY)));
    const fit = rows * CARD_COLS;
    const cardW = (size.w - gapX * (CARD_COLS - 1)) / CARD_COLS;
    const place = (i) => {
      const x = (i % CARD_COLS) * (cardW + gapX), y = Math.floor(i / CARD_COLS) * (cardH + gapY);
      return 'translate(' + Math.round(x) + 'px,' + Math.round(y) + 'px)';
    };
    const byId = new Map();
    const index = new Map();
    for (const pr of proposals) {
      if (pr && pr.id != null && !byId.has(pr.id)) { index.set(pr.id, byId.size); byId.set(pr.id, pr); }
    }
    const choice = reorder.choose(Array.from(byId.keys()).slice(0, fit), order, byId, now, force);
    const shown = choice.order;
    const keep = new Set(shown);
    nodes.forEach((c, id) => {
      if (keep.has(id)) return;
      const into = mergedInto.get(id);
      const at = into != null ? shown.indexOf(into) : -1;
      // Merged: slide onto the card that absorbed it while fading. Pushed out by newer cards:
      // carry on to the next slot (below, clipped) while fading.
      if (at >= 0) leave(c.node, place(at));
      else leave(c.node, index.has(id) ? place(Math.max(fit, index.get(id))) : null);
      nodes.delete(id);
    });
    shown.forEach((id, i) => {
      const pr = byId.get(id);
      let c = nodes.get(id);
      if (!c) { c = makeCard(); nodes.set(id, c); box.appendChild(c.node); }
      setDim(c, page.dimClass(pr.dimension));
      setText(c.title, pr.title);
      setBadge(c.badge, pr.merged_count);
      const dim = page.dimLabels.get(pr.dimension) || '';
      const group = pr.group != null ? (page.groupLabels.get(pr.group) || pr.group) : '';
      const origin = originName(pr) ? page.t('from_table', { table: originName(pr) }) : '';
      setText(c.meta, [dim, group, origin].filter(Boolean).join(' · '));
      c.node.style.width = Math.floor(cardW) + 'px';
      c.node.style.height = Math.round(cardH) + 'px';
      c.node.style.transform = place(i);
    });
    order = shown;
    return { fit, deferred: choice.deferred };
  }

  return {
    render,
    /** Fade every card out (the phase moved on). */
    hide() { hideKeyed(nodes); order = []; },
    /** Drop every card at once (another session). */
    reset() { clearKeyed(nodes); order = []; },
    /** Light up the card of a proposal that just absorbed a duplicate. */
    flash(id) { flash(nodes.get(id)); },
  };
}
