/* A session's review list (.tool-proposals): every proposal with its status, a tick for merging,
 * and edit / hide / show again / masterplan. Rows are keyed by proposal id and kept across loads;
 * a row's nodes are proposalrow.js's, its buttons' actions moderation.js's. */
import { throttled } from './api.js';
import { closePanel, wireRow } from './moderation.js';
import { buildRow, countLine, fillRow, findProposal } from './proposalrow.js';

const REFRESH_MIN_MS = 1000;     // at most one reload a second, however fast votes come

/** Forgets ticks on proposals that are gone or no longer active. */
function prunePicked(picked, proposals) {
  for (const id of Array.from(picked)) {
    const p = findProposal(proposals, id);
    if (!p || p.status !== 'active') picked.delete(id);
  }
}

export function createProposals(session) {
  const { api, t } = session.ctx;
  const tool = session.q('.tool-proposals');
  const list = session.q('.proposal-list');
  const rows = new Map();        // proposal id -> row
  let boardSignature = null;     // the proposals of the last board:update

  function load() {
    return api('GET', '/sessions/' + session.id + '/proposals')
      .then((result) => session.setProposals(result.proposals || []), session.fail);
  }
  const refresh = throttled(load, REFRESH_MIN_MS);

  function render() {
    const proposals = session.proposals || [];
    const seen = new Set();
    proposals.forEach((p, i) => {
      seen.add(p.id);
      let row = rows.get(p.id);
      if (!row) { row = buildRow(p.id, t); wireRow(row, p.id, session, load); rows.set(p.id, row); }
      fillRow(row, p, proposals, session.ctx, session.local.picked);
      if (p.status === 'merged' && row.open) closePanel(row);
      if (list.children[i] !== row.li) list.insertBefore(row.li, list.children[i] || null);
    });
    rows.forEach((row, id) => {
      if (!seen.has(id)) { row.li.remove(); rows.delete(id); }
    });
    prunePicked(session.local.picked, proposals);
    session.q('.proposal-count').textContent = countLine(proposals, t);
    session.q('.proposal-empty').hidden = proposals.length > 0;
  }

  tool.addEventListener('toggle', () => { if (tool.open) refresh(); });
  session.on('proposals', render);

  return {
    load,
    refresh,
    refreshIfOpen() { if (tool.open) refresh(); },
    isOpen: () => tool.open,
    open() { tool.open = true; },
    /**
     * Takes a board:update's proposals: true when they changed (then, before the list is loaded,
     * the count comes from the payload).
     */
    boardChanged(payload) {
      const signature = JSON.stringify(payload.proposals || []);
      if (signature === boardSignature) return false;
      boardSignature = signature;
      if (!session.proposals) {
        session.q('.proposal-count').textContent = '(' + t('count_active', { n: payload.proposals_count || 0 }) + ')';
      }
      return true;
    },
  };
}
