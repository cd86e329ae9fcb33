/* The workshop's moderation log (#moderation-log): every change made by a facilitator or the
 * timer, oldest first, in words. */
import { byId, clear, el } from '../common/dom.js';
import { clock } from '../common/format.js';
import { throttled } from './api.js';

const REFRESH_MIN_MS = 1000;

/** The log's words for one entry; `ctx` as main.js builds it. */
function describe(entry, ctx) {
  const { t, constants, groupLabels } = ctx;
  const d = entry.detail || {};
  const phase = (key) => (constants.phases.find((ph) => ph.key === key) || {}).label || key;
  const known = (prefix, key, fallback) => (t.has(prefix + key) ? t(prefix + key) : fallback);
  const proposal = (id) => (ctx.titles.has(id) ? '#' + id + ' “' + ctx.titles.get(id) + '”' : '#' + id);
  const tableName = (id) => ((ctx.tables || []).find((x) => x.id === id) || {}).name || '#' + id;
  const who = () => ({ group: groupLabels.get(d.group) || d.group || '', name: d.name ? ', ' + d.name : '' });
  switch (entry.action) {
    case 'session_created':
      return t('log_session_created', { title: d.title, method: (constants.methods[d.method] || {}).label || d.method });
    case 'session_updated': {
      const before = d.before || {}, after = d.after || {};
      const fields = ['title', 'method'].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => known('field_', k, k));
      const bs = before.settings || {}, as = after.settings || {};
      if (JSON.stringify(bs.criteria) !== JSON.stringify(as.criteria)) fields.push(t('field_criteria'));
      const rest = (s) => JSON.stringify({ ...s, criteria: undefined });
      if (rest(bs) !== rest(as)) fields.push(t('field_settings'));
      return t('log_session_updated', { fields: fields.join(', ') || '–' });
    }
    case 'phase':
      return t(d.by_timer ? 'log_phase_timer' : 'log_phase', { before: phase(d.before), after: phase(d.after) });
    case 'reveal':
      return d.revealed ? t('log_reveal_on') : (d.board_hidden ? t('log_reveal_off_board') : t('log_reveal_off'));
    case 'timer': {
      const action = d.timer_action || d.action;
      if (action === 'start') return t('log_timer_start', { time: clock((d.timer && d.timer.duration) || 0) });
      return known('log_timer_', action, 'timer ' + action);
    }
    case 'edit': {
      const changes = d.changes || {};
      const fields = Object.keys(changes).map((k) => known('field_', k, k));
      const title = changes.title ? changes.title.before : null;
      return t('log_edit', { proposal: title ? '#' + entry.proposal_id + ' “' + title + '”' : proposal(entry.proposal_id),
                             fields: fields.join(', ') });
    }
    case 'hide': {
      const reason = d.changes && d.changes.hidden_reason ? d.changes.hidden_reason.after : '';
      return t('log_hide', { proposal: proposal(entry.proposal_id), reason: reason || '–' });
    }
    case 'unhide':
      return t('log_unhide', { proposal: proposal(entry.proposal_id) });
    case 'merge':
      return t('log_merge', { source: (d.source || {}).title, into: (d.into || {}).title, n: d.ballots_moved || 0 });
    case 'carry_over':
      return t('log_carry_over', { n: d.top_n, copied: d.copied,
                                   sessions: (d.from_session_ids || []).map((id) => ctx.sessionLabel(id)).join(', ') });
    case 'paper_ballot':
      return t('log_paper_ballot', who());
    case 'remove_participant':
      return t('log_remove_participant', { ...who(), n: d.ballot_entries_removed || 0 });
    case 'hide_participant':
      return t('log_hide_participant', { ...who(), n: (d.proposal_ids || []).length });
    case 'workshop_closed':
      return t('log_workshop_closed');
    case 'workshop_reopened':
      return t('log_workshop_reopened');
    case 'table_created':
      return t('log_table_created', { name: d.name || tableName(d.table_id) });
    case 'table_updated':
      return t('log_table_updated', { name: tableName(d.table_id) });
    case 'mode':
      return t(d.after === 'tables' ? 'log_mode_tables' : 'log_mode_plenary');
    case 'seat':
      return t('log_seat', { name: d.name || '#' + d.participant_id, table: d.after == null ? t('no_table') : tableName(d.after) });
    case 'facilitator_added':
      return t('log_facilitator_added', { email: d.email || '', where: d.table_id == null ? t('whole_workshop') : tableName(d.table_id) });
    case 'facilitator_removed':
      return t('log_facilitator_removed', { email: d.email || '' });
    case 'check_in':
      return t('log_check_in', { name: (d.invitation || {}).name || '' });
    case 'check_in_undone':
      return t('log_check_in_undone', { name: (d.invitation || {}).name || '' });
    case 'badge_reissued':
      return t('log_badge_reissued', { name: (d.invitation || {}).name || '' });
    default:
      return entry.action + ' ' + JSON.stringify(d);
  }
}

/** The log box; returns changed(), which reloads it when open. Nothing without the box. */
export function createLog(ctx) {
  const box = byId('moderation-log');
  if (!box) return () => {};
  const details = box.querySelector('.tool-log');
  const list = box.querySelector('.log-list');
  const empty = box.querySelector('.log-empty');

  function load() {
    return ctx.api('GET', '/workshops/' + ctx.workshopId + '/moderation-log').then((result) => {
      clear(list);
      const entries = result.entries || [];
      for (const entry of entries) {
        const at = new Date(entry.at);
        list.appendChild(el('li', { 'data-action': entry.action }, [
          el('time', { datetime: entry.at, title: at.toLocaleString(ctx.locale), text: at.toLocaleTimeString(ctx.locale) }),
          el('span', { class: 'log-who', text: entry.by || ctx.t('log_timer') }),
          entry.session_id ? el('span', { class: 'log-session', text: ctx.sessionLabel(entry.session_id) }) : null,
          el('span', { class: 'log-what', text: describe(entry, ctx) })]));
      }
      empty.hidden = entries.length > 0;
    }, (error) => {
      empty.hidden = false;
      empty.textContent = error.message;
    });
  }

  const refresh = throttled(load, REFRESH_MIN_MS);
  details.addEventListener('toggle', () => { if (details.open) refresh(); });
  box.querySelector('.log-refresh').addEventListener('click', refresh);
  return function changed() {
    if (details.open) refresh();
  };
}
