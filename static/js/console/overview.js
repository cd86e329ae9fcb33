/* The all-tables overview (#overview, plenary part of the console): one card per table with its
 * current session, phase, timer, people seated, proposals and ballots, live from one
 * board:watch {table_id} per table (main.js) and the people list (people.js). Each card links to
 * the table's part of the console and to its board. */
import { byId, q, qa, setText } from '../common/dom.js';
import { clock } from '../common/format.js';

export function createOverview(ctx) {
  const { t, constants } = ctx;
  const cards = new Map();      // table id -> {node, seq, sessionId, timer, timerAt}
  for (const node of qa('#overview .overview-card')) {
    cards.set(parseInt(node.getAttribute('data-table-id'), 10), { node, seq: -Infinity, sessionId: null, timer: null, timerAt: 0 });
  }
  const phaseLabel = (key) => (constants.phases.find((p) => p.key === key) || {}).label || key || '';

  function timerText(card) {
    const timer = card.timer;
    if (!timer) return '–';
    const left = Number(timer.remaining) || 0;
    const now = timer.running ? Math.max(0, left - (performance.now() - card.timerAt) / 1000) : left;
    return now <= 0 ? t('timer_over') : clock(now) + (timer.running ? '' : ' (' + t('paused') + ')');
  }

  return {
    tableIds: () => Array.from(cards.keys()),
    /** A board:update of a table's current session (the ack of board:watch {table_id}, or pushed). */
    update(tableId, payload) {
      const card = cards.get(tableId);
      if (!card || !payload) return;
      if (typeof payload.seq === 'number' && payload.session_id === card.sessionId) {
        if (payload.seq < card.seq) return;
      }
      if (typeof payload.seq === 'number') card.seq = payload.seq;
      card.sessionId = payload.session_id;
      const node = card.node;
      const phase = payload.session_id == null ? '' : payload.phase;
      node.setAttribute('data-phase', phase || 'none');
      setText(q('.overview-phase', node), phase ? phaseLabel(phase) : '');
      q('.overview-phase', node).hidden = !phase;
      setText(q('.overview-session-title', node), payload.session_id == null ? t('no_session') : payload.title);
      setText(q('.overview-proposals', node), payload.session_id == null ? '–' : String(payload.proposals_count || 0));
      setText(q('.overview-voters', node), payload.session_id == null ? '–' : String(payload.voters || 0));
      card.timer = payload.timer || null;
      card.timerAt = performance.now();
      setText(q('.overview-timer', node), timerText(card));
    },
    /** People seated per table (seatCounts), and everyone joined. */
    seated(counts, total) {
      cards.forEach((card, id) => setText(q('.overview-seated', card.node), String(counts.get(id) || 0)));
      const unseated = counts.get(null) || 0;
      const line = byId('unseated-line');
      if (line) {
        setText(line, t('unseated', { n: unseated, total }));
        line.hidden = !unseated;
      }
    },
    tick() {
      cards.forEach((card) => { if (card.timer && card.timer.running) setText(q('.overview-timer', card.node), timerText(card)); });
    },
  };
}
