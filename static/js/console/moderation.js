/* What the buttons of a review list row do: tick for merging, unhide at once, hide everything its
 * proposer sent, and the editors (edit, hide, masterplan) that open under the row one at a time. The row is proposalrow.js's. */
import { clear } from '../common/dom.js';
import { editorForm } from './editors.js';
import { findProposal } from './proposalrow.js';
import { busy, showMessage } from './ui.js';

/** Closes the editor under `row`, if one is open. */
export function closePanel(row) {
  clear(row.panel);
  row.open = null;
  row.plan.setAttribute('aria-expanded', 'false');
}

/** One editor at a time under a row; the same button again closes it. `reload` after a save. */
function openPanel(row, id, kind, session, reload) {
  if (row.open === kind) { closePanel(row); return; }
  closePanel(row);
  const p = findProposal(session.proposals, id);
  if (!p) return;
  row.open = kind;
  if (kind === 'plan') row.plan.setAttribute('aria-expanded', 'true');
  const editor = editorForm(kind, p, session.ctx);
  editor.cancel.addEventListener('click', () => closePanel(row));
  editor.form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(editor.save, session.ctx.api('PATCH', '/proposals/' + id, editor.read())).then(() => {
      closePanel(row);
      return reload();
    }, (error) => showMessage(editor.message, error.message, 'error'));
  });
  row.panel.appendChild(editor.form);
  const first = editor.form.querySelector('input, textarea, select');
  if (first) first.focus();
}

/** Wires the buttons of the row of proposal `id`; `reload` loads the list again after a change. */
export function wireRow(row, id, session, reload) {
  row.pick.addEventListener('change', () => {
    if (row.pick.checked) session.local.picked.add(id); else session.local.picked.delete(id);
    session.emit('picked');
  });
  row.edit.addEventListener('click', () => openPanel(row, id, 'edit', session, reload));
  row.hide.addEventListener('click', () => openPanel(row, id, 'hide', session, reload));
  row.plan.addEventListener('click', () => openPanel(row, id, 'plan', session, reload));
  row.unhide.addEventListener('click', () => {
    busy(row.unhide, session.ctx.api('PATCH', '/proposals/' + id, { hidden: false })).then(reload, session.fail);
  });
  // A flood is cleaned in one step: every active proposal of this proposer (in the sessions this
  // facilitator runs), in one change.
  row.hideAll.addEventListener('click', () => {
    const p = findProposal(session.proposals, id);
    const t = session.ctx.t;
    if (!p || !p.participant_id || !window.confirm(t('hide_all_confirm'))) return;
    busy(row.hideAll, session.ctx.api('POST', '/participants/' + p.participant_id + '/hide-proposals',
                                      { hidden_reason: t('hide_all_reason') })).then(reload, session.fail);
  });
}
