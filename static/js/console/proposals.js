/* A session's review list (.tool-proposals): every proposal with its status, a tick for merging,
 * and edit / hide / show again / masterplan. Rows are keyed by proposal id and kept across loads. */
import { clear, el } from '../common/dom.js';
import { throttled } from './api.js';
import { editorForm } from './editors.js';
import { busy, showMessage } from './ui.js';

const REFRESH_MIN_MS = 1000;     // at most one reload a second, however fast votes come

export function createProposals(session) {
  const { api, t, constants, groupLabels } = session.ctx;
  const tool = session.q('.tool-proposals');
  const list = session.q('.proposal-list');
  const rows = new Map();        // proposal id -> row
  let boardSignature = null;     // the proposals of the last board:update
  const byId = (id) => (session.proposals || []).find((p) => p.id === id);

  function load() {
    return api('GET', '/sessions/' + session.id + '/proposals')
      .then((result) => session.setProposals(result.proposals || []), session.fail);
  }
  const refresh = throttled(load, REFRESH_MIN_MS);

  function closePanel(row) {
    clear(row.panel);
    row.open = null;
    row.plan.setAttribute('aria-expanded', 'false');
  }

  /** One editor at a time under a row; the same button again closes it. */
  function openPanel(row, id, kind) {
    if (row.open === kind) { closePanel(row); return; }
    closePanel(row);
    const p = byId(id);
    if (!p) return;
    row.open = kind;
    if (kind === 'plan') row.plan.setAttribute('aria-expanded', 'true');
    const editor = editorForm(kind, p, session.ctx);
    editor.cancel.addEventListener('click', () => closePanel(row));
    editor.form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(editor.save, api('PATCH', '/proposals/' + id, editor.read())).then(() => {
        closePanel(row);
        return load();
      }, (error) => showMessage(editor.message, error.message, 'error'));
    });
    row.panel.appendChild(editor.form);
    const first = editor.form.querySelector('input, textarea, select');
    if (first) first.focus();
  }

  function makeRow(id) {
    const button = (action, text) => el('button', { type: 'button', class: 'small-button', 'data-action': action, text });
    const row = {
      pick: el('input', { type: 'checkbox', class: 'merge-pick', 'aria-label': t('pick_merge') }),
      id: el('span', { class: 'prop-id', text: '#' + id }),
      title: el('strong', { class: 'prop-title' }),
      dim: el('span', { class: 'dim-chip' }),
      desc: el('p', { class: 'prop-desc' }),
      meta: el('p', { class: 'prop-meta muted small' }),
      status: el('p', { class: 'prop-status' }),
      edit: button('edit', t('edit')), hide: button('hide', t('hide')), unhide: button('unhide', t('unhide')),
      hideAll: button('hide-all', t('hide_all_from')),
      plan: el('button', { type: 'button', class: 'small-button', 'data-action': 'plan', text: t('masterplan'),
                           'aria-expanded': 'false' }),
      panel: el('div', { class: 'prop-panel' }),
    };
    row.li = el('li', { class: 'prop', 'data-pid': id }, [
      el('div', { class: 'prop-main' }, [
        el('label', { class: 'prop-pick' }, [row.pick]),
        el('div', { class: 'prop-body' }, [
          el('div', { class: 'prop-line' }, [row.id, ' ', row.title, ' ', row.dim]), row.desc, row.meta, row.status]),
        el('div', { class: 'prop-actions' }, [row.edit, row.hide, row.unhide, row.hideAll, row.plan])]),
      row.panel]);
    row.pick.addEventListener('change', () => {
      if (row.pick.checked) session.local.picked.add(id); else session.local.picked.delete(id);
      session.emit('picked');
    });
    row.edit.addEventListener('click', () => openPanel(row, id, 'edit'));
    row.hide.addEventListener('click', () => openPanel(row, id, 'hide'));
    row.plan.addEventListener('click', () => openPanel(row, id, 'plan'));
    row.unhide.addEventListener('click', () => {
      busy(row.unhide, api('PATCH', '/proposals/' + id, { hidden: false })).then(load, session.fail);
    });
    // A flood is cleaned in one step: every active proposal of this proposer, in one change.
    row.hideAll.addEventListener('click', () => {
      const p = byId(id);
      if (!p || !p.participant_id || !window.confirm(t('hide_all_confirm'))) return;
      busy(row.hideAll, api('POST', '/participants/' + p.participant_id + '/hide-proposals',
                            { hidden_reason: t('hide_all_reason') })).then(load, session.fail);
    });
    return row;
  }

  function meta(p) {
    const parts = [];
    if (p.group) parts.push(groupLabels.get(p.group) || p.group);
    if (p.organization) parts.push(p.organization);
    if (p.merged_count) parts.push(t('merged_count', { n: p.merged_count }));
    if (p.origin_proposal_id) parts.push(t('carried'));
    if (p.horizon) parts.push(t.has('horizon_' + p.horizon) ? t('horizon_' + p.horizon) : p.horizon);
    if (p.quick_win) parts.push(t('quick_win'));
    return parts.join(' · ');
  }

  function status(p) {
    if (p.status === 'hidden') return p.hidden_reason ? t('hidden_because', { reason: p.hidden_reason }) : t('hidden_no_reason');
    if (p.status === 'merged') {
      const into = byId(p.merged_into_id);
      return t('merged_into', { id: p.merged_into_id, title: into ? into.title : '' });
    }
    return '';
  }

  function fillRow(row, p) {
    const dimension = constants.dimensions.find((d) => d.key === p.dimension);
    row.li.classList.toggle('is-hidden', p.status === 'hidden');
    row.li.classList.toggle('is-merged', p.status === 'merged');
    row.title.textContent = p.title;
    row.dim.textContent = dimension ? dimension.label : (p.dimension || '');
    row.dim.className = 'dim-chip ' + session.ctx.dimClass(p.dimension);
    row.desc.textContent = p.description || '';
    row.desc.hidden = !p.description;
    row.meta.textContent = meta(p);
    row.status.textContent = status(p);
    row.status.hidden = !row.status.textContent;
    row.pick.checked = session.local.picked.has(p.id);
    row.pick.disabled = p.status !== 'active';
    row.hide.hidden = p.status !== 'active';
    row.unhide.hidden = p.status !== 'hidden';
    row.hideAll.hidden = p.status !== 'active' || !p.participant_id;
    row.edit.hidden = p.status === 'merged';
    row.plan.hidden = p.status === 'merged';
    if (p.status === 'merged' && row.open) closePanel(row);
  }

  function render() {
    const proposals = session.proposals || [];
    const seen = new Set();
    proposals.forEach((p, i) => {
      seen.add(p.id);
      let row = rows.get(p.id);
      if (!row) { row = makeRow(p.id); rows.set(p.id, row); }
      fillRow(row, p);
      if (list.children[i] !== row.li) list.insertBefore(row.li, list.children[i] || null);
    });
    rows.forEach((row, id) => {
      if (!seen.has(id)) { row.li.remove(); rows.delete(id); }
    });
    for (const id of Array.from(session.local.picked)) {
      const p = byId(id);
      if (!p || p.status !== 'active') session.local.picked.delete(id);
    }
    const counts = { active: 0, hidden: 0, merged: 0 };
    for (const p of proposals) counts[p.status] = (counts[p.status] || 0) + 1;
    const parts = [t('count_active', { n: counts.active })];
    if (counts.hidden) parts.push(t('count_hidden', { n: counts.hidden }));
    if (counts.merged) parts.push(t('count_merged', { n: counts.merged }));
    session.q('.proposal-count').textContent = '(' + parts.join(', ') + ')';
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
