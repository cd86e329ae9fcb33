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

/** A check-in time as hours and minutes in the console's language ('' when none or unreadable). */
function timeText(locale, iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(locale === 'en' ? 'en-GB' : 'id-ID', { hour: '2-digit', minute: '2-digit' });
}

/** Tick (or untick) a person present; the list is reloaded after, the box reset on a refusal. */
function tick(view, p, box) {
  const present = box.checked;
  busy(box, view.api('POST', '/invitations/' + p.id + '/check-in', { present })).then((answer) => {
    Object.assign(p, answer);
    showMessage(view.message, view.t(present ? 'checked_in' : 'undone', { name: p.name }), 'ok');
    view.load();
  }, (error) => {
    box.checked = !present;
    showMessage(view.message, error.message, 'error');
  });
}

/** A new badge for a person (after a confirmation): the old QR stops working. */
function reissue(view, p, button) {
  if (!window.confirm(view.t('reissue_confirm', { name: p.name }))) return;
  busy(button, view.api('POST', '/invitations/' + p.id + '/reissue', {})).then(() => {
    showMessage(view.message, view.t('reissued', { name: p.name }), 'ok');
  }, (error) => showMessage(view.message, error.message, 'error'));
}

/** "Print badge" and "new badge" for a person, when the facilitator may (`canReissue`). */
function badgeActions(view, p, canReissue) {
  if (!canReissue) return [];   // badges carry tickets: printing and reissuing are the same right
  const { t } = view;
  const again = el('button', { type: 'button', class: 'small', text: t('reissue'), 'aria-label': t('reissue_of', { name: p.name }) });
  again.addEventListener('click', () => reissue(view, p, again));
  return [el('a', { class: 'button small', href: view.badgeBase + '?ids=' + p.id, text: t('print_one'),
    'aria-label': t('print_one_of', { name: p.name }) }), again];
}

/** One invited person's row: the present box, name, unsur, instansi, time, badge actions. */
function personRow(view, p, canReissue) {
  const box = el('input', { type: 'checkbox', checked: p.present, 'aria-label': view.t('check_in', { name: p.name }) });
  box.addEventListener('change', () => tick(view, p, box));
  return el('tr', { class: p.present ? 'is-present' : '', dataset: { invitationId: String(p.id), name: p.name.toLowerCase() } }, [
    el('td', {}, [box]), el('td', { text: p.name }),
    el('td', { text: view.ctx.groupLabels.get(p.group) || p.group }), el('td', { text: p.organization || '' }),
    el('td', { class: 'attendance-time', text: timeText(view.ctx.locale, p.checked_in_at) }),
    el('td', { class: 'attendance-actions' }, badgeActions(view, p, canReissue)),
  ]);
}

/** Show only the rows whose name contains the filter's text. */
function applyFilter(rows, filter) {
  const wanted = (filter && filter.value || '').trim().toLowerCase();
  for (const row of rows.children) row.hidden = !!wanted && !row.dataset.name.includes(wanted);
}

/** The figures and people this part of the console shows: all, or a table's own. */
function partOf(answer, partTable) {
  if (partTable === null) return { figures: answer, people: answer.invitations };
  return { figures: answer.tables.find((x) => x.id === partTable) || { invited: 0, present: 0, absent: 0, groups: [] },
           people: answer.invitations.filter((p) => p.table_id === partTable) };
}

/** The totals and the tables of figures per unsur and (the whole workshop's part) per table. */
function renderFigures(t, answer, figures, partTable) {
  setText(byId('attendance-total'), t('total', { present: figures.present, invited: figures.invited,
    absent: figures.absent, walk_ins: answer.walk_ins }));
  replaceChildren(byId('attendance-groups').tBodies[0], figures.groups.map((g) => figureRow(g.label, g)));
  const tables = byId('attendance-tables');
  tables.hidden = partTable !== null || answer.tables.length === 0;
  replaceChildren(tables.tBodies[0], answer.tables.map((x) => figureRow(x.name || t('no_table'), x)));
}

/** Call `refresh()` when the attendance figures of a board of this workshop changed since last
 * heard (a check-in, an import); ballots and proposals leave them as they were. */
function watchBoards(socket, workshopId, partTable, refresh) {
  const seen = new Map();   // board scope -> last attendance figures heard (JSON)
  const watch = partTable !== null ? { table_id: partTable } : { workshop_id: workshopId };
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

export function mountAttendance(ctx, socket) {
  const panel = byId('attendance-panel');
  if (!panel) return null;
  const { api, workshopId } = ctx;
  const partTable = panel.getAttribute('data-table-id') ? parseInt(panel.getAttribute('data-table-id'), 10) : null;
  const rows = byId('attendance-rows');
  const filter = byId('attendance-filter');
  const badges = byId('print-badges');
  const view = { ctx, api, t: catalogue('attendance-strings'), message: byId('attendance-message'), load,
                 badgeBase: badges ? badges.getAttribute('href') : '/api/v1/workshops/' + workshopId + '/badges.pdf' };

  function render(answer) {
    const { figures, people } = partOf(answer, partTable);
    const any = answer.invitations.length > 0;
    byId('attendance-empty').hidden = any;
    byId('attendance-body').hidden = !any;
    if (!any) return;
    renderFigures(view.t, answer, figures, partTable);
    // A box being ticked keeps its row: redrawn when nothing in the list has the focus.
    if (!rows.contains(document.activeElement)) {
      replaceChildren(rows, people.map((p) => personRow(view, p, answer.can_reissue)));
      applyFilter(rows, filter);
    }
  }

  function load() {
    return api('GET', '/workshops/' + workshopId + '/attendance').then(render, () => { /* next time */ });
  }
  const refresh = throttled(load, REFRESH_MIN_MS);
  if (filter) filter.addEventListener('input', () => applyFilter(rows, filter));
  load();
  if (socket) watchBoards(socket, workshopId, partTable, refresh);
  setInterval(() => { if (!socket || !socket.connected) load(); }, POLL_MS);
  return { refresh };
}
