/* One render of the board from the newest payload: the phase head, people, merge notes, timer,
 * then the cards (collect, review) or the ranking (vote, closed) with the disagreement panel,
 * and the stats line. Each part draws into its own module's DOM; this module only decides what
 * shows. */
import { num } from '../common/format.js';
import { methodFor } from '../methods/index.js';
import { createCards } from './cards.js';
import { createDisagreements } from './disagreements.js';
import { contentBox, createFitter, unit } from './fit.js';
import { createHeadline } from './headline.js';
import { createReorderClock, REORDER_MIN_MS } from './keyed.js';
import { createMerges } from './merges.js';
import { createPeople } from './people.js';
import { createRanking, rowsThatFit } from './ranking.js';

const MIN_ROWS_WITH_PANEL = 6;  // the disagreement panel only takes room the ranking can spare

/** The rows of the chosen view: the overall ranking unless balanced is asked for and was sent. */
function pickRows(p, prefs) {
  const overall = Array.isArray(p.results) ? p.results : [];
  const balanced = Array.isArray(p.balanced) ? p.balanced : [];
  if (prefs.balanced && (balanced.length || !overall.length)) return { rows: balanced, balanced: true };
  return { rows: overall, balanced: false };
}

/**
 * The board's renderer: render(p) draws payload p. `page` is the page's knowledge (main.js),
 * `prefs` the facilitator's choices, `schedule(delay)` asks for another render later,
 * `controls` the toggle and `timer` the countdown.
 */
export function createRenderer({ page, prefs, schedule, controls, timer }) {
  const reorder = createReorderClock();
  const cards = createCards(page, reorder);
  const ranking = createRanking(page, reorder);
  const disagreements = createDisagreements(page, schedule);
  const headline = createHeadline(page);
  const people = createPeople(page.t);
  const noteMerges = createMerges(page.t);
  const fitText = createFitter();
  const phases = new Set(page.constants.phases.map((ph) => ph.key));
  let renderedSession;
  let rendered = null;
  let forceLayout = false;       // the next render may reorder at once (a choice, a resize)

  /** The cards of collect and review: {again, stats, message}. */
  function drawCards(p, box, u, now, mergedInto) {
    const proposals = Array.isArray(p.proposals) ? p.proposals : [];
    const shown = cards.render(proposals, box, u, now, mergedInto, forceLayout);
    const count = p.proposals_count != null ? num(p.proposals_count) : proposals.length;
    const stats = [page.t.plural(count, 'proposals_one', 'proposals_other')];
    if (count > shown.fit) stats.push(page.t('newest_shown', { n: shown.fit }));
    return { again: shown.deferred, stats, message: proposals.length ? '' : page.t('no_proposals') };
  }

  /** The ranking of vote and closed: {again, stats, short, message}. */
  function drawRanking(p, view, results, box, u, now, mergedInto) {
    const r = ranking.render(results, view, box, u, now, mergedInto, forceLayout);
    const total = num((p.participants || {}).total);
    const stats = [page.t('voters', { n: num(p.voters), total })];
    if (view.phase === 'closed' && results.length > r.fit) stats.push(page.t('top_shown', { n: r.fit }));
    const rule = view.method.ruleLine(p.settings || {}, view, page.t);
    if (rule) stats.push(rule);
    return { again: r.deferred, stats, short: page.t('voters_short', { n: num(p.voters), total }),
             message: results.length ? '' : page.t('no_results') };
  }

  /** Shows the disagreement panel when asked for and the ranking can spare the room; the box left. */
  function placePanel(p, method, picked, voting, now) {
    const want = voting && prefs.disagree && picked.rows.length > 0 &&
      Array.isArray(p.disagreements) && p.disagreements.length > 0;
    // Writes first, then one layout read.
    if (want) disagreements.render(p, method, picked.rows, now, forceLayout);
    disagreements.show(want);
    let box = contentBox();
    if (want && rowsThatFit(box.h, unit()) < Math.min(picked.rows.length, MIN_ROWS_WITH_PANEL)) {
      disagreements.show(false);
      box = contentBox();
    }
    return box;
  }

  function startSession() {
    cards.reset();
    ranking.reset();
    reorder.reset();
    disagreements.reset();
  }

  function render(p) {
    const now = performance.now();
    const sessionChanged = p.session_id !== renderedSession || rendered === null;
    if (sessionChanged) startSession();
    renderedSession = p.session_id;
    rendered = p;
    const phase = phases.has(p.phase) ? p.phase : 'none';
    const method = methodFor(p.method);
    headline.phase(phase, p, method);
    people(p.participants || {});
    const merges = noteMerges(p, sessionChanged);
    for (const id of merges.fresh) { cards.flash(id); ranking.flash(id); }
    timer.update();

    const voting = phase === 'vote' || phase === 'closed';
    const hidden = voting && p.results_hidden === true;
    const picked = voting && !hidden ? pickRows(p, prefs) : { rows: [], balanced: undefined };
    const ranked = voting && !hidden && picked.rows.length > 0;
    document.body.classList.toggle('results-hidden', hidden);
    document.body.classList.toggle('view-balanced', voting && !hidden && !!picked.balanced);
    controls.show(ranked, picked.balanced);
    const box = placePanel(p, method, picked, voting && !hidden, now);
    const u = unit();

    let drawn = { again: false, stats: [], short: null, message: '' };
    if (phase === 'collect' || phase === 'review') drawn = drawCards(p, box, u, now, merges.into);
    else cards.hide();
    if (voting && !hidden) {
      const view = { method, settings: p.settings || {}, phase, balanced: picked.balanced };
      const r = drawRanking(p, view, picked.rows, box, u, now, merges.into);
      drawn = { ...r, again: drawn.again || r.again, message: r.message || drawn.message };
    } else {
      ranking.hide();
    }
    headline.view(picked.balanced, ranked);
    if (hidden) {
      const total = num((p.participants || {}).total);
      drawn.stats = [page.t.plural(num(p.proposals_count), 'proposals_one', 'proposals_other')];
      const cap = method.capLine(p.settings || {}, phase, page.t);
      if (cap) drawn.stats.push(cap);
      headline.hidden(true, p.voters, total);
    } else {
      headline.hidden(false);
    }
    headline.stats(drawn.stats, drawn.short || null, box.w);
    headline.message(phase === 'none' || phase === 'draft' ? page.t('help_join') : drawn.message);
    fitText(box);
    forceLayout = false;
    if (drawn.again) schedule(REORDER_MIN_MS - (performance.now() - reorder.lastAt));
  }

  return {
    render,
    /** The next render may reorder at once (after a choice or a resize). */
    forceLayout() { forceLayout = true; },
    fitNow() { fitText(contentBox()); },
  };
}
