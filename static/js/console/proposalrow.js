/* One row of the review list (.proposal-list): its nodes, and how a proposal's fields fill them.
 * Pure DOM building; the actions behind the row's buttons are moderation.js's. */
import { el } from '../common/dom.js';

/** The proposal with id `id` in a loaded list (or undefined). */
export function findProposal(proposals, id) {
  return (proposals || []).find((p) => p.id === id);
}

/** The nodes of the row of proposal `id`, its <li> as `li`: empty until fillRow. */
export function buildRow(id, t) {
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
    plan: el('button', { type: 'button', class: 'small-button', 'data-action': 'plan', text: t('masterplan'),
                         'aria-expanded': 'false' }),
    panel: el('div', { class: 'prop-panel' }),
  };
  row.li = el('li', { class: 'prop', 'data-pid': id }, [
    el('div', { class: 'prop-main' }, [
      el('label', { class: 'prop-pick' }, [row.pick]),
      el('div', { class: 'prop-body' }, [
        el('div', { class: 'prop-line' }, [row.id, ' ', row.title, ' ', row.dim]), row.desc, row.meta, row.status]),
      el('div', { class: 'prop-actions' }, [row.edit, row.hide, row.unhide, row.plan])]),
    row.panel]);
  return row;
}

/** The muted line under a proposal: group, organisation, merges, carried over, horizon, quick win. */
function metaLine(p, t, groupLabels) {
  const parts = [];
  if (p.group) parts.push(groupLabels.get(p.group) || p.group);
  if (p.organization) parts.push(p.organization);
  if (p.merged_count) parts.push(t('merged_count', { n: p.merged_count }));
  if (p.origin_proposal_id) parts.push(p.origin_table && p.origin_table.name ? t('from_table', { table: p.origin_table.name }) : t('carried'));
  if (p.horizon) parts.push(t.has('horizon_' + p.horizon) ? t('horizon_' + p.horizon) : p.horizon);
  if (p.quick_win) parts.push(t('quick_win'));
  return parts.join(' · ');
}

/** Why a proposal is out of the vote (hidden, merged into another of `proposals`), or ''. */
function statusLine(p, t, proposals) {
  if (p.status === 'hidden') return p.hidden_reason ? t('hidden_because', { reason: p.hidden_reason }) : t('hidden_no_reason');
  if (p.status === 'merged') {
    const into = findProposal(proposals, p.merged_into_id);
    return t('merged_into', { id: p.merged_into_id, title: into ? into.title : '' });
  }
  return '';
}

/**
 * Fills `row` with proposal `p` of the list `proposals`. `ctx` is the page's (t, constants,
 * groupLabels, dimClass); `picked` the ids ticked for merging.
 */
export function fillRow(row, p, proposals, ctx, picked) {
  const { t, constants, groupLabels } = ctx;
  const dimension = constants.dimensions.find((d) => d.key === p.dimension);
  row.li.classList.toggle('is-hidden', p.status === 'hidden');
  row.li.classList.toggle('is-merged', p.status === 'merged');
  row.title.textContent = p.title;
  row.dim.textContent = dimension ? dimension.label : (p.dimension || '');
  row.dim.className = 'dim-chip ' + ctx.dimClass(p.dimension);
  row.desc.textContent = p.description || '';
  row.desc.hidden = !p.description;
  row.meta.textContent = metaLine(p, t, groupLabels);
  row.status.textContent = statusLine(p, t, proposals);
  row.status.hidden = !row.status.textContent;
  row.pick.checked = picked.has(p.id);
  row.pick.disabled = p.status !== 'active';
  row.hide.hidden = p.status !== 'active';
  row.unhide.hidden = p.status !== 'hidden';
  row.edit.hidden = p.status === 'merged';
  row.plan.hidden = p.status === 'merged';
}

/** The list's count: "(n active, n hidden, n merged)", naming hidden and merged only when there are any. */
export function countLine(proposals, t) {
  const counts = { active: 0, hidden: 0, merged: 0 };
  for (const p of proposals) counts[p.status] = (counts[p.status] || 0) + 1;
  const parts = [t('count_active', { n: counts.active })];
  if (counts.hidden) parts.push(t('count_hidden', { n: counts.hidden }));
  if (counts.merged) parts.push(t('count_merged', { n: counts.merged }));
  return '(' + parts.join(', ') + ')';
}
