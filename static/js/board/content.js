/* The board's content area (#content) for one payload: the proposal cards (collect, review) or the
 * ranking (vote, closed), with the disagreement panel beside the ranking when render.js asks for it
 * and the ranking can spare the room. The cards and the ranking share one reorder clock. */
import { num } from '../common/format.js';
import { createCards } from './cards.js';
import { createDisagreements } from './disagreements.js';
import { contentBox, unit } from './fit.js';
import { createReorderClock, REORDER_MIN_MS } from './keyed.js';
import { createRanking, rowsThatFit } from './ranking.js';

const MIN_ROWS_WITH_PANEL = 6;  // the disagreement panel only takes room the ranking can spare

/*
 * A frame `f` is one render's {p (the payload), box ({w, h} px), u (the board unit), now,
 * mergedInto (merged id -> survivor id), force (the order may change at once)}.
 */

/** The cards of collect and review: {again, stats, message}. */
function drawCards(cards, t, f) {
  const proposals = Array.isArray(f.p.proposals) ? f.p.proposals : [];
  const shown = cards.render(proposals, f.box, f.u, f.now, f.mergedInto, f.force);
  const count = f.p.proposals_count != null ? num(f.p.proposals_count) : proposals.length;
  const stats = [t.plural(count, 'proposals_one', 'proposals_other')];
  if (count > shown.fit) stats.push(t('newest_shown', { n: shown.fit }));
  return { again: shown.deferred, stats, message: proposals.length ? '' : t('no_proposals') };
}

/** The ranking of vote and closed, `view` {method, settings, phase, balanced}: {again, stats, short, message}. */
function drawRanking(ranking, t, f, view, results) {
  const { p } = f;
  const r = ranking.render(results, view, f.box, f.u, f.now, f.mergedInto, f.force);
  const total = num((p.participants || {}).total);
  const stats = [t('voters', { n: num(p.voters), total })];
  if (view.phase === 'closed' && results.length > r.fit) stats.push(t('top_shown', { n: r.fit }));
  const rule = view.method.ruleLine(p.settings || {}, view, t);
  if (rule) stats.push(rule);
  return { again: r.deferred, stats, short: t('voters_short', { n: num(p.voters), total }),
           message: results.length ? '' : t('no_results') };
}

/** The content area; `page` is the page's knowledge, `schedule(delay)` asks for another render later. */
export function createContent(page, schedule) {
  const reorder = createReorderClock();
  const cards = createCards(page, reorder);
  const ranking = createRanking(page, reorder);
  const disagreements = createDisagreements(page, schedule);

  return {
    /** Another session is shown: everything starts afresh. */
    reset() {
      cards.reset();
      ranking.reset();
      reorder.reset();
      disagreements.reset();
    },
    /** The card or row that absorbed a duplicate lights up briefly. */
    flash(id) { cards.flash(id); ranking.flash(id); },
    /**
     * Shows the disagreement panel when `want`ed and the ranking's `rows` can spare the room;
     * returns the box left for the cards or the ranking.
     */
    place(want, p, method, rows, now, force) {
      // Writes first, then one layout read.
      if (want) disagreements.render(p, method, rows, now, force);
      disagreements.show(want);
      let box = contentBox();
      if (want && rowsThatFit(box.h, unit()) < Math.min(rows.length, MIN_ROWS_WITH_PANEL)) {
        disagreements.show(false);
        box = contentBox();
      }
      return box;
    },
    /**
     * Draws frame `f`: the cards in collect and review, the ranking `rows` when `view` is given
     * (else it goes). Returns {again (a reorder waits), stats, short, message}.
     */
    draw(f, phase, view, rows) {
      let drawn = { again: false, stats: [], short: null, message: '' };
      if (phase === 'collect' || phase === 'review') drawn = drawCards(cards, page.t, f);
      else cards.hide();
      if (!view) { ranking.hide(); return drawn; }
      const r = drawRanking(ranking, page.t, f, view, rows);
      return { ...r, again: drawn.again || r.again, message: r.message || drawn.message };
    },
    /** How long until the order may change again, in ms (from now). */
    reorderWait() { return REORDER_MIN_MS - (performance.now() - reorder.lastAt); },
  };
}
