/* The ranking rows of vote and closed (#ranking): rank, title, a bar growing to the method's
 * figure with its number at the end, and (score sessions) each criterion's mean under the title.
 * One keyed node per proposal, moved with transforms. What a row's figures mean comes from the
 * session's method module (static/js/methods). */
import { el, setText, show } from '../common/dom.js';
import { num } from '../common/format.js';
import { originName } from '../common/tables.js';
import { clearKeyed, flash, hideKeyed, leave, setBadge, setDim } from './keyed.js';

// Geometry in board units (--u, 1% of a 16:9 frame's height); see board.css.
const ROW_H = 6.2;
const ROW_H_TALL = 9.4;         // rows with the detail line (score criteria)
const ROW_GAP = 0.6;
const MAX_ROWS = 10;
const MIN_TALL_ROWS = 6;        // detail lines only when at least this many tall rows fit
const SCORE_ROOM = 7;           // room kept at the end of a bar for its number (at least)
const SCORE_CHAR = 1.9;         // width of one digit of that number (3u, bold)

/** How many plain rows fit in a height of h px. */
export function rowsThatFit(h, u) {
  return Math.floor((h + ROW_GAP * u) / ((ROW_H + ROW_GAP) * u));
}

function makeRow() {
  const parts = {
    rank: el('span', { class: 'board-rank' }),
    title: el('p', { class: 'board-row-title' }),
    badge: el('span', { class: 'board-merged', hidden: true }),
    origin: el('span', { class: 'board-origin', hidden: true }),
    crit: el('p', { class: 'board-row-criteria', hidden: true }),
    bar: el('span', { class: 'board-row-bar' }),
    score: el('span', { class: 'board-row-score' }),
  };
  const node = el('div', { class: 'board-row' }, [parts.rank, el('div', { class: 'board-row-main' }, [
    el('div', { class: 'board-row-head' }, [parts.title, parts.origin, parts.badge]), parts.crit,
    el('div', { class: 'board-row-barline' }, [parts.bar, parts.score])])]);
  return { node, ...parts, dim: null, width: null };
}

/** The rows in rank order (the server ranks; only make sure), first of each proposal id. */
function byRank(rows) {
  const sorted = rows.filter((r) => r && r.proposal_id != null).map((r, i) => ({ r, i }));
  sorted.sort((a, b) => num(a.r.rank) - num(b.r.rank) || a.i - b.i);
  const byId = new Map();
  for (const { r } of sorted) if (!byId.has(r.proposal_id)) byId.set(r.proposal_id, r);
  return byId;
}

/** Rows that fit in a box of `size` px, their height and pitch, and whether they carry the detail line. */
function layout(count, size, u, tallWanted) {
  const gap = ROW_GAP * u;
  const want = Math.min(MAX_ROWS, count);
  // The detail line shows when every row still fits, or at least MIN_TALL_ROWS of them do
  // (fewer rows, but the criteria are the point).
  const tallFit = Math.floor((size.h + gap) / ((ROW_H_TALL + ROW_GAP) * u));
  const tall = tallWanted && want > 0 && tallFit >= Math.min(want, MIN_TALL_ROWS);
  const rowH = (tall ? ROW_H_TALL : ROW_H) * u;
  const fit = Math.max(1, Math.min(MAX_ROWS, Math.floor((size.h + gap) / (rowH + gap))));
  // Spread the rows over spare height (a little), so ten rows fill the area evenly.
  const pitch = Math.min((rowH + gap) * 1.3, (size.h + gap) / fit);
  return { tall, rowH, fit, place: (i) => 'translateY(' + Math.round(i * pitch) + 'px)' };
}

/** Room at the end of the bars for the longest number shown ("14.500" needs more than "9"). */
function barRoom(texts) {
  const longest = Math.max(0, ...Array.from(texts.values(), (text) => text.length));
  return Math.max(SCORE_ROOM, 1.4 + SCORE_CHAR * longest).toFixed(1);
}

/**
 * Lets go of the nodes not `shown` any more: a merged row slides onto its survivor (`mergedInto`
 * maps a merged id to it), a row that dropped out of the top (still in `ranked`) slides down out
 * of view.
 */
function leaveRows(nodes, shown, ranked, mergedInto, geo) {
  const keep = new Set(shown);
  nodes.forEach((c, id) => {
    if (keep.has(id)) return;
    const into = mergedInto.get(id);
    const at = into != null ? shown.indexOf(into) : -1;
    leave(c.node, at >= 0 ? geo.place(at) : (ranked.has(id) ? geo.place(geo.fit) : null));
    nodes.delete(id);
  });
}

/** New nodes start where they belong (first rows) or below the list (newcomers). */
function enter(box, nodes, shown, geo, hadRows) {
  let created = false;
  shown.forEach((id, i) => {
    if (nodes.has(id)) return;
    const c = makeRow();
    nodes.set(id, c);
    // A newcomer climbs in from below the list rather than popping up in place; the first
    // rows (on opening, or at the reveal) start where they belong and only their bars grow.
    c.node.style.transform = geo.place(hadRows ? geo.fit : i);
    c.node.style.height = Math.round(geo.rowH) + 'px';
    box.appendChild(c.node);
    created = true;
  });
  // Commit start positions and zero-width bars, so moves and bars (e.g. at the reveal) animate.
  if (created) void box.offsetHeight;
}

/**
 * Draws result row `r` into node `c` at place `i`. `d` is what the rows share: {page, method,
 * settings, phase, geo, max (the figure of a full bar), room (kept at the bar's end), deferred}.
 */
function drawRow(c, r, i, text, d) {
  const { page, method, geo } = d;
  setDim(c, page.dimClass(r.dimension));
  const figure = method.resultFigure(r);
  // No votes yet: a tie for first place says nothing, so no rank until the first vote.
  // While a reorder waits, rank badges stay in step with positions; figures run ahead.
  const rank = d.phase === 'vote' && figure <= 0 ? '\u2013' : (r.rank != null ? r.rank : i + 1);
  if (!d.deferred || c.rank.textContent === '') setText(c.rank, rank);
  setText(c.title, r.title);
  // A carried proposal says which table it came from.
  setText(c.origin, originName(r));
  c.origin.hidden = !originName(r);
  setBadge(c.badge, r.merged_count);
  setText(c.score, text);
  setText(c.crit, geo.tall ? method.resultDetail(r, d.settings, page.numbers) : '');
  show(c.crit, geo.tall);
  const ratio = d.max > 0 ? Math.min(1, Math.max(0, figure) / d.max) : 0;
  const width = 'calc((100% - ' + d.room + ' * var(--u)) * ' + ratio.toFixed(4) + ')';
  if (c.width !== width) { c.bar.style.width = width; c.width = width; }
  c.node.classList.toggle('is-top', num(r.rank) >= 1 && num(r.rank) <= 3);
  c.node.style.height = Math.round(geo.rowH) + 'px';
  c.node.style.transform = geo.place(i);
}

/** The ranking panel; `page` gives dimClass, numbers and constants; `reorder` the shared clock. */
export function createRanking(page, reorder) {
  const box = document.getElementById('ranking');
  const nodes = new Map();       // proposal id -> {node, rank, title, badge, crit, bar, score, dim, width}
  let order = [];

  /**
   * Draws the rows of one view. `view` is {method, settings, phase, balanced}; `mergedInto` maps a
   * merged id to its survivor. Returns {fit, deferred}.
   */
  function render(rows, view, size, u, now, mergedInto, force) {
    const { method, settings, phase, balanced } = view;
    const criteria = balanced ? null : method.resultCriteria(settings);
    const byId = byRank(rows);
    const geo = layout(byId.size, size, u, !!(criteria && criteria.length));
    const max = method.resultMax(Array.from(byId.values(), (r) => method.resultFigure(r)), page.constants.score);
    const hadRows = order.length > 0;
    const choice = reorder.choose(Array.from(byId.keys()).slice(0, geo.fit), order, byId, now, force);
    const shown = choice.order;
    const texts = new Map(shown.map((id) => [id, method.resultText(byId.get(id), page.numbers, { balanced })]));
    const shared = { page, method, settings, phase, geo, max, room: barRoom(texts), deferred: choice.deferred };
    leaveRows(nodes, shown, byId, mergedInto, geo);
    enter(box, nodes, shown, geo, hadRows);
    shown.forEach((id, i) => drawRow(nodes.get(id), byId.get(id), i, texts.get(id), shared));
    order = shown;
    return { fit: geo.fit, deferred: choice.deferred };
  }

  return {
    render,
    hide() { hideKeyed(nodes); order = []; },
    reset() { clearKeyed(nodes); order = []; },
    flash(id) { flash(nodes.get(id)); },
  };
}
