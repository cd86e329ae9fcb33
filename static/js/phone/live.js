/* The live part of the phone (loaded by main.js once someone has joined): wires the screens. The
 * server's `session:state` is the truth and every one re-renders the screen; what the phone keeps
 * itself is in state.js. Each screen module owns its part of the page. */
import { byId, setText, show } from '../common/dom.js';
import { t } from './context.js';
import { forgetAll, phaseOf, state } from './state.js';
import { ballotFromSnapshot, initBallot, method } from './ballot.js';
import { renderBar } from './bar.js';
import { initCollect, proposalAnswered, renderCollect } from './collect.js';
import { showJoin } from './join.js';
import { connect, disconnect } from './link.js';
import { initQuestions, watchQuestions } from './questions.js';
import { renderResults } from './results.js';
import { renderReview } from './review.js';
import { hideNotice, initStatus, renderConn, showingError } from './status.js';
import { initTables, pickerInstruction, renderTables, takeSnapshot } from './tables.js';
import { renderTimer, setTimer } from './timer.js';
import { initVote, leaveVote, renderVote, updateVoteCards } from './vote.js';
import { renderWait } from './wait.js';

const SCREENS = { collect: renderCollect, review: renderReview, vote: renderVote, wait: renderWait, loading: renderWait,
  tables: () => {} };

function instruction(phase) {
  if (phase === 'tables') return pickerInstruction();
  if (phase === 'vote') return method().labels(state.session, t).instruction;
  return t(phase === 'loading' ? 'loading' : 'instr_' + phase);
}

function render() {
  const snap = state.snap;
  const phase = phaseOf();
  setText(byId('instruction'), instruction(phase));
  byId('bar').setAttribute('data-phase', phase);
  byId('bar').setAttribute('data-method', state.session ? state.session.method : '');
  const title = phase !== 'wait' && phase !== 'loading' && phase !== 'tables' && snap && snap.title;
  setText(byId('session-title'), title || '');
  show(byId('session-title'), !!title);
  for (const view of document.querySelectorAll('#live-screen > .ph-view')) {
    show(view, view.id === 'view-' + (phase === 'loading' ? 'wait' : phase));
  }
  renderTables();
  if (SCREENS[phase]) SCREENS[phase]();
  if (phase !== 'vote') leaveVote();
  renderResults(phase);
  renderBar();
  renderTimer();
  renderConn();
  const shown = (snap ? snap.session_id : '') + ':' + phase + ':' + (state.participant && state.participant.table_id);
  if (shown !== state.view.shownKey) {
    // A new screen: start at its top, without the previous screen's confirmations.
    if (state.view.shownKey && phase !== 'loading') window.scrollTo(0, 0);
    if (!showingError()) hideNotice();
    state.view.shownKey = shown;
  }
}

function applySnapshot(snap) {
  if (!snap || typeof snap !== 'object') return;
  const prevSession = state.session;
  if (!Array.isArray(snap.proposals)) snap.proposals = [];
  state.snap = snap;
  ballotFromSnapshot(snap, prevSession);
  if (!prevSession || prevSession.id !== state.session.id) Object.assign(state.view, { filter: 'all', expanded: {} });
  takeSnapshot(snap);
  setTimer(snap.timer);
  render();
}

/** The server no longer knows this phone (token or cookie): back to the join screen. */
function forget() {
  const who = state.participant;
  disconnect();
  forgetAll();
  showJoin(t('join_again'), who);
}

let wired = false;

function wire() {
  wired = true;
  initStatus();
  initCollect();
  initVote();
  initBallot(updateVoteCards, forget);
  initTables(render);
  initQuestions();
  state.outbox.onAnswer = (item, ack) => {
    if (ack && !ack.ok && ack.error && ack.error.code === 'unauthorized') forget();
    else proposalAnswered(item, ack);
  };
  state.outbox.onChange = () => {
    if (phaseOf() === 'collect') renderCollect();
    renderConn();
  };
}

/** Show what the current phase asks and follow the server (main.js has shown the live screen). */
export function startLive() {
  if (!wired) wire();
  render();
  connect(applySnapshot, forget);
  watchQuestions(state.socket);
}
