/* One session's section of the workshop page: its state and the tools that draw it (phases.js,
 * timer.js, criteria.js, proposals.js, merge.js, duplicates.js, carry.js, paper.js, results.js). A tool owns the
 * DOM of its part of the section, reads the state here and asks the session to change it.
 *
 * The state of a session, in one place:
 * - the server's word: `data` (the session as the page data, the API's answers and board:update
 *   last said: phase, revealed, board_hides_results, settings, method, title, timer) and
 *   `proposals` (the moderation list from the API, null until loaded);
 * - the page's own: `local.picked` (proposal ids ticked for merging), `local.resultsMode`
 *   ('overall' or 'balanced'), `local.criteriaDirty` (the facilitator is editing the criteria). */
import { qa } from '../common/dom.js';
import { methodFor } from '../methods/index.js';
import { createCarry } from './carry.js';
import { createCriteria } from './criteria.js';
import { createDuplicates } from './duplicates.js';
import { createMerge } from './merge.js';
import { createPaper } from './paper.js';
import { createPhases } from './phases.js';
import { createProposals } from './proposals.js';
import { createResults } from './results.js';
import { createTimer } from './timer.js';
import { showMessage } from './ui.js';

const NOTICE_MS = 6000;

/**
 * A session view. `ctx` is the workshop page's (main.js): api, t, numbers, constants, groups,
 * sessions (id -> data, for the log), titles (proposal id -> title, for the log), setCurrent(id).
 */
export function createSession(section, data, ctx) {
  const listeners = { state: [], proposals: [], picked: [] };
  let seq = -Infinity;
  let noticeTimer = null;
  const session = {
    id: data.id,
    section,
    data,
    proposals: null,
    local: { picked: new Set(), resultsMode: 'overall', criteriaDirty: false },
    ctx,
    q: (selector) => section.querySelector(selector),
    qa: (selector) => qa(selector, section),
    /** The session's voting method module (static/js/methods). */
    method: () => methodFor(session.data.method),
    on(event, fn) { listeners[event].push(fn); },
    emit(event) { for (const fn of listeners[event]) fn(); },
    /** A short note under the controls; errors stay until the next one. */
    notice(message, kind) {
      const node = session.q('.session-notice');
      showMessage(node, message, kind);
      clearTimeout(noticeTimer);
      if (kind !== 'error') noticeTimer = setTimeout(() => { node.hidden = true; }, NOTICE_MS);
    },
    fail(error) { session.notice(error.message, 'error'); },
    /** Everything that follows from the session's phase, method and reveal state. */
    apply() {
      section.setAttribute('data-phase', session.data.phase);
      session.q('.settings-summary').textContent = session.method().settingsLine(session.data.settings || {}, ctx.t);
      session.emit('state');
    },
    /** A session object from the API (an action's answer). */
    take(answer) {
      for (const key of ['phase', 'revealed', 'board_hides_results', 'settings', 'method', 'title']) {
        if (key in answer) session.data[key] = answer[key];
      }
      if ('timer' in answer) timer.set(answer.timer);
      ctx.sessions.set(session.id, session.data);
      session.apply();
    },
    /** The moderation list changed (loaded, or the selection cleared). */
    setProposals(list) {
      session.proposals = list;
      for (const p of list) ctx.titles.set(p.id, p.title);
      session.emit('proposals');
    },
  };

  const timer = createTimer(session);
  const phases = createPhases(session);
  createCriteria(session);
  const proposals = createProposals(session);
  createMerge(session);
  createDuplicates(session);
  createCarry(session);
  const paper = createPaper(session);
  const results = createResults(session);
  session.refreshProposals = proposals.refresh;
  session.loadProposals = proposals.load;
  session.resultsChanged = results.refreshIfOpen;

  /** Whether anything on the page shows the moderation list. */
  function wantsProposals() {
    return !!session.proposals || proposals.isOpen() || paper.isOpen();
  }

  /** A board:update for this session. */
  function update(payload) {
    if (typeof payload.seq === 'number') {
      if (payload.seq < seq) return;
      seq = payload.seq;
    }
    const d = session.data;
    if (payload.phase && payload.phase !== d.phase) {
      d.phase = payload.phase;
      if (ctx.constants.live_phases.includes(payload.phase)) ctx.setCurrent(session.id);
    }
    d.revealed = !!payload.revealed;
    // The payload tells whether the board hides results only while they are hidden on phones.
    if (!d.revealed) d.board_hides_results = !!payload.results_hidden;
    if (payload.settings && payload.settings.criteria) d.settings = payload.settings;
    timer.set(payload.timer);
    session.apply();
    if (proposals.boardChanged(payload) && wantsProposals()) proposals.refresh();
    results.refreshIfOpen();
  }

  timer.set(data.timer);
  session.apply();
  proposals.refreshIfOpen();
  return {
    id: session.id,
    update,
    fail: session.fail,
    tick: timer.render,
    /** This session is (or is no longer) the one phones follow; `became` when it just became it. */
    markCurrent(current, became) {
      if (became) proposals.open();
      phases.markCurrent(current);
    },
    /** Without live updates: reload what is open. */
    poll() {
      if (proposals.isOpen() || paper.isOpen()) proposals.refresh();
      results.refreshIfOpen();
    },
  };
}
