/* One render of the board from the newest payload: the phase head, people, merge notes, timer,
 * then the content area (content.js: the cards of collect and review, or the ranking of vote and
 * closed with the disagreement panel) and the stats line. Each part draws into its own module's
 * DOM; this module only decides what shows. */
import { num } from '../common/format.js';
import { methodFor } from '../methods/index.js';
import { createContent } from './content.js';
import { contentBox, createFitter, unit } from './fit.js';
import { createHeadline } from './headline.js';
import { createMatrix } from './matrix.js';
import { createMerges } from './merges.js';
import { createPeople } from './people.js';
import { createAttendance } from './attendance.js';
import { createQuestions } from './questions.js';

/** The rows of the chosen view: the overall ranking unless balanced is asked for and was sent. */
function pickRows(p, prefs) {
  const overall = Array.isArray(p.results) ? p.results : [];
  const balanced = Array.isArray(p.balanced) ? p.balanced : [];
  if (prefs.balanced && (balanced.length || !overall.length)) return { rows: balanced, balanced: true };
  return { rows: overall, balanced: false };
}

/**
 * What a payload in `phase` shows: {hidden (results are kept back), shown (the ranking shows),
 * picked (its rows, {rows, balanced}), ranked (it has rows), panel (the disagreements are wanted)}.
 */
function viewOf(p, phase, prefs) {
  const voting = phase === 'vote' || phase === 'closed';
  const hidden = voting && p.results_hidden === true;
  const shown = voting && !hidden;
  const picked = shown ? pickRows(p, prefs) : { rows: [], balanced: undefined };
  const panel = shown && prefs.disagree && picked.rows.length > 0 &&
    Array.isArray(p.disagreements) && p.disagreements.length > 0;
  return { hidden, shown, picked, ranked: shown && picked.rows.length > 0, panel };
}

/** The stats line while results are kept back: the proposals, and the method's cap. */
function hiddenStats(p, method, phase, t) {
  const stats = [t.plural(num(p.proposals_count), 'proposals_one', 'proposals_other')];
  const cap = method.capLine(p.settings || {}, phase, t);
  if (cap) stats.push(cap);
  return stats;
}

/**
 * The board's renderer: render(p) draws payload p. `page` is the page's knowledge (main.js),
 * `prefs` the facilitator's choices, `schedule(delay)` asks for another render later,
 * `controls` the toggle and `timer` the countdown.
 */
export function createRenderer({ page, prefs, schedule, controls, timer }) {
  const content = createContent(page, schedule);
  const headline = createHeadline(page);
  const people = createPeople(page.t);
  const attendance = createAttendance();
  const noteMerges = createMerges(page.t);
  const fitText = createFitter();
  const matrix = createMatrix(page);
  const questions = createQuestions();
  const phases = new Set(page.constants.phases.map((ph) => ph.key));
  let renderedSession;
  let rendered = null;
  let forceLayout = false;       // the next render may reorder at once (a choice, a resize)

  function render(p) {
    const now = performance.now();
    const sessionChanged = p.session_id !== renderedSession || rendered === null;
    if (sessionChanged) { content.reset(); matrix.reset(); }
    renderedSession = p.session_id;
    rendered = p;
    const phase = phases.has(p.phase) ? p.phase : 'none';
    const method = methodFor(p.method);
    headline.phase(phase, p, method);
    people(p.participants || {});
    attendance(p.attendance);
    questions(p);   // first: the panel beside the session narrows the content box
    const merges = noteMerges(p, sessionChanged);
    for (const id of merges.fresh) content.flash(id);
    timer.update();

    const v = viewOf(p, phase, prefs);
    document.body.classList.toggle('results-hidden', v.hidden);
    document.body.classList.toggle('view-balanced', v.shown && !!v.picked.balanced);
    const hasMatrix = v.shown && !!p.matrix;
    const matrixOn = hasMatrix && prefs.matrix;
    document.body.classList.toggle('view-matrix', matrixOn);
    controls.show(v.ranked && !matrixOn, v.picked.balanced);
    controls.showMatrix(hasMatrix, matrixOn);
    const box = content.place(v.panel, p, method, v.picked.rows, now, forceLayout);
    const frame = { p, box, u: unit(), now, mergedInto: merges.into, force: forceLayout };
    const view = v.shown ? { method, settings: p.settings || {}, phase, balanced: v.picked.balanced } : null;
    const drawn = content.draw(frame, phase, view, v.picked.rows);
    if (matrixOn) {
      matrix.render(p.matrix, p.settings, new Map((p.results || []).map((r) => [r.proposal_id, r.title])));
    } else {
      matrix.hide();
    }
    headline.view(v.picked.balanced, v.ranked, matrixOn);
    if (v.hidden) {
      drawn.stats = hiddenStats(p, method, phase, page.t);
      headline.hidden(true, p.voters, num((p.participants || {}).total));
    } else {
      headline.hidden(false);
    }
    headline.stats(drawn.stats, drawn.short || null, box.w);
    headline.message(phase === 'none' || phase === 'draft' ? page.t('help_join') : drawn.message);
    fitText(box);
    forceLayout = false;
    if (drawn.again) schedule(content.reorderWait());
  }

  return {
    render,
    /** The next render may reorder at once (after a choice or a resize). */
    forceLayout() { forceLayout = true; },
    fitNow() { fitText(contentBox()); },
  };
}
