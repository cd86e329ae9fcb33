/* Attendance (#attendance-panel, templates/console/_attendance.html): invited / present / absent
 * per unsur and per table, and the invited people in the list's order, each with a box to tick
 * them present (POST /invitations/{id}/check-in; unticking undoes a mistaken tick), a "print
 * badge" link and, for the lead and whole-workshop co-facilitators, "new badge" (reissue: the
 * old QR stops working). On a table's part of the console only that table's people.
 *
 * Live: the module watches the workshop's board (a table's part: the table's) and reloads
 * GET /workshops/{id}/attendance (throttled) whenever a board:update's `attendance` figures
 * change, so a badge scanned at the door shows here at once; polled while the socket is down.
 * mountAttendance(ctx, socket) is all another console panel needs to mount it beside its own. */
import { byId, el, replaceChildren, setText } from '../common/dom.js';
import { catalogue } from '../common/strings.js';
import { throttled } from './api.js';
import { busy, showMessage } from './ui.js';

const REFRESH_MIN_MS = 1000;
const POLL_MS = 5000;

function figureRow(label, f) {
  return el('tr', {}, [el('th', { scope: 'row', text: label }), el('td', { text: String(f.invited) }),
    el('td', { text: String(f.present) }), el('td', { text: String(f.absent) })]);
}

export function mountAttendance(ctx, socket) {
  const panel = byId('attendance-panel');
  if (!panel) return null;
  const t = catalogue('attendance-strings');
  const { api, workshopId } = ctx;
  const partTable = panel.getAttribute('data-table-id') ? parseInt(panel.getAttribute('data-table-id'), 10) : null;
  const rows = byId('attendance-rows');
  const message = byId('attendance-message');
  const filter = byId('attendance-filter');
  const badges = byId('print-badges');
  const badgeBase = badges ? badges.getAttribute('href') : '/api/v1/workshops/' + workshopId + '/badges.pdf';
  const time = (iso) => {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(ctx.locale === 'en' ? 'en-GB' : 'id-ID', { hour: '2-digit', minute: '2-digit' });
  };
  let data = null;
  const seen = new Map();   // board scope -> last attendance figures heard (JSON)

  function person(p) {
    const box = el('input', { type: 'checkbox', checked: p.present, 'aria-label': t('check_in', { name: p.name }) });
    box.addEventListener('change', () => tick(p, box));
    const actions = [];
    if (data.can_reissue) {   // badges carry tickets: printing and reissuing are the same right
      actions.push(el('a', { class: 'button small', href: badgeBase + '?ids=' + p.id, text: t('print_one'),
        'aria-label': t('print_one_of', { name: p.name }) }));
      const again = el('button', { type: 'button', class: 'small', text: t('reissue'), 'aria-label': t('reissue_of', { name: p.name }) });
      again.addEventListener('click', () => reissue(p, again));
      actions.push(again);
    }
    return el('tr', { class: p.present ? 'is-present' : '', dataset: { invitationId: String(p.id), name: p.name.toLowerCase() } }, [
      el('td', {}, [box]), el('td', { text: p.name }),
      el('td', { text: ctx.groupLabels.get(p.group) || p.group }), el('td', { text: p.organization || '' }),
      el('td', { class: 'attendance-time', text: time(p.checked_in_at) }), el('td', { class: 'attendance-actions' }, actions),
    ]);
  }

  function tick(p, box) {
    const present = box.checked;
    busy(box, api('POST', '/invitations/' + p.id + '/check-in', { present })).then((answer) => {
      Object.assign(p, answer);
      showMessage(message, t(present ? 'checked_in' : 'undone', { name: p.name }), 'ok');
      load();
    }, (error) => {
      box.checked = !present;
      showMessage(message, error.message, 'error');
    });
  }

  function reissue(p, button) {
    if (!window.confirm(t('reissue_confirm', { name: p.name }))) return;
    busy(button, api('POST', '/invitations/' + p.id + '/reissue', {})).then(() => {
      showMessage(message, t('reissued', { name: p.name }), 'ok');
    }, (error) => showMessage(message, error.message, 'error'));
  }

  function applyFilter() {
    const wanted = (filter && filter.value || '').trim().toLowerCase();
    for (const row of rows.children) row.hidden = !!wanted && !row.dataset.name.includes(wanted);
  }

  function render(answer) {
    data = answer;
    let figures = answer;
    let people = answer.invitations;
    if (partTable !== null) {   // a table's part: its own figures and people
      figures = answer.tables.find((x) => x.id === partTable) || { invited: 0, present: 0, absent: 0, groups: [] };
      people = people.filter((p) => p.table_id === partTable);
    }
    const any = answer.invitations.length > 0;
    byId('attendance-empty').hidden = any;
    byId('attendance-body').hidden = !any;
    if (!any) return;
    setText(byId('attendance-total'), t('total', { present: figures.present, invited: figures.invited,
      absent: figures.absent, walk_ins: answer.walk_ins }));
    replaceChildren(byId('attendance-groups').tBodies[0], figures.groups.map((g) => figureRow(g.label, g)));
    const tables = byId('attendance-tables');
    tables.hidden = partTable !== null || answer.tables.length === 0;
    replaceChildren(tables.tBodies[0], answer.tables.map((x) => figureRow(x.name || t('no_table'), x)));
    // A box being ticked keeps its row: redrawn when nothing in the list has the focus.
    if (!rows.contains(document.activeElement)) {
      replaceChildren(rows, people.map(person));
      applyFilter();
    }
  }

  function load() {
    return api('GET', '/workshops/' + workshopId + '/attendance').then(render, () => { /* next time */ });
  }
  const refresh = throttled(load, REFRESH_MIN_MS);
  if (filter) filter.addEventListener('input', applyFilter);
  load();
  if (socket) {
    const watch = partTable !== null ? { table_id: partTable } : { workshop_id: workshopId };
    // Reload when the figures of a board of this workshop changed since last heard (a check-in,
    // an import); ballots and proposals leave them as they were.
    const heard = (payload) => {
      if (!payload || payload.workshop_id !== workshopId) return;
      const key = String(payload.table_id);
      const figures = JSON.stringify(payload.attendance || null);
      if (seen.get(key) !== figures) {
        seen.set(key, figures);
        refresh();
      }
    };
    socket.on('connect', () => socket.emit('board:watch', watch, (ack) => heard(ack && ack.ok ? ack.update : null)));
    socket.on('board:update', heard);
  }
  setInterval(() => { if (!socket || !socket.connected) load(); }, POLL_MS);
  return { refresh };
}
