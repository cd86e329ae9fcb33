/* Rembuk facilitator console: the live tools of one workshop page (templates/console/workshop.html).
 *
 * Every action is a fetch to the JSON API with the console's cookie and its CSRF token (api.js); a
 * refusal shows the server's own message. The page follows each session through Socket.IO
 * board:update (one board:watch per session) and polls while the socket is down. Each session's
 * section is a session.js view made of one module per tool; the workshop-wide parts are the
 * moderation log (log.js) and the new-session form (newsession.js); on the plenary part of a
 * workshop with tables, the all-tables overview (overview.js: one board:watch {table_id} per
 * table), the tables and mode (tables.js), who sits where (people.js) and the co-facilitators
 * (facilitators.js), and the invitation list (invitations.js). A table's part (`?table=<id>`) shows that table's sessions only. User text only ever goes into
 * the page through textContent. */
import { byId, q, qa, readJSON } from '../common/dom.js';
import { numbers } from '../common/format.js';
import { constants, dimClass, pageData, pageLocale } from '../common/page.js';
import { catalogue } from '../common/strings.js';
import { openSocket } from '../common/connection.js';
import { createApi } from './api.js';
import { mountAttendance } from './attendance.js';
import { wireFacilitators } from './facilitators.js';
import { createInvitations } from './invitations.js';
import { createLog } from './log.js';
import { createQuestions } from './questions.js';
import { wireNewSession } from './newsession.js';
import { createOverview } from './overview.js';
import { createPeople } from './people.js';
import { createSession } from './session.js';
import { wireTables } from './tables.js';

const POLL_MS = 5000;            // only while the socket is down
const TICK_MS = 250;

/** What every tool reads: the page's data, constants, strings, formats and the API client. */
function readPage() {
  const data = pageData();
  const known = constants(data);
  const t = catalogue(readJSON('console-strings', {}));
  const csrf = q('meta[name="csrf-token"]');
  const groups = data.groups || [];
  const locale = pageLocale(data);
  const ctx = {
    workshopId: data.workshop_id,
    constants: known,
    t,
    locale,
    numbers: numbers(locale),
    api: createApi(csrf ? csrf.getAttribute('content') : '', t('network_error')),
    groups,
    groupLabels: new Map(groups.map((g) => [g.key, g.label])),
    // Tables: those the caller may run, the part of the workshop on show (null: the plenary).
    tables: data.tables || [],
    tableId: data.table_id == null ? null : data.table_id,
    dimLabels: new Map(known.dimensions.map((d) => [d.key, d.label])),
    dimClass: (key) => dimClass(key, known.dimensions, 'dim-other'),
    // State the log reads: each session as last heard of, and the titles of proposals seen.
    sessions: new Map((data.sessions || []).map((s) => [s.id, s])),
    titles: new Map(),
  };
  ctx.sessionLabel = (id) => {
    const s = ctx.sessions.get(id);
    return s ? t('log_session', { n: s.position + 1 }) + ' · ' + s.title : '#' + id;
  };
  return { ctx, currentSessionId: data.current_session_id };
}

const { ctx, currentSessionId } = readPage();
const views = new Map();
let current = currentSessionId;

/** The session phones follow now; a session that just went live shows what comes in. */
ctx.setCurrent = (id) => {
  const previous = current;
  current = id;
  views.forEach((view) => view.markCurrent(view.id === id, id !== previous && view.id === id));
};

for (const section of qa('section.session[data-session-id]')) {
  const id = parseInt(section.getAttribute('data-session-id'), 10);
  if (ctx.sessions.has(id)) views.set(id, createSession(section, ctx.sessions.get(id), ctx));
}
const logChanged = createLog(ctx);
wireNewSession(ctx.constants);
// The plenary part of a workshop with tables: the overview, the tables, people and co-facilitators.
const overview = byId('overview') ? createOverview(ctx) : null;
if (byId('tables-panel')) wireTables(ctx);
const people = byId('people-panel') ? createPeople(ctx, (counts, total) => overview && overview.seated(counts, total)) : null;
wireFacilitators(ctx);
// The invitation list (plenary part, lead and whole-workshop co-facilitators): import and who came.
const invitations = byId('invitations-panel') ? createInvitations(ctx) : null;
setInterval(() => {
  views.forEach((view) => view.tick());
  if (overview) overview.tick();
}, TICK_MS);

const conn = byId('conn');
// The questions for the speakers are live in any phase, sessions or not.
const socket = views.size || overview || byId('questions') || byId('attendance-panel') ? openSocket({}, 3000) : null;
const connected = () => !!(socket && socket.connected);
function showConn() {
  if (!conn) return;
  conn.textContent = connected() ? ctx.t('connected') : ctx.t('disconnected');
  conn.classList.toggle('is-error', !connected());
}
function onUpdate(payload) {
  if (!payload || payload.workshop_id !== ctx.workshopId) return;
  const view = views.get(payload.session_id);
  if (view) view.update(payload);
  // On the plenary part, a table's updates come from its board:watch {table_id}.
  if (overview && payload.table_id != null && !view) overview.update(payload.table_id, payload);
  if (people) people.refresh();
  if (invitations) invitations.refresh();
  logChanged();
}
if (socket) {
  socket.on('connect', () => {
    showConn();
    views.forEach((view) => {
      socket.emit('board:watch', { session_id: view.id }, (ack) => {
        if (ack && ack.ok) onUpdate(ack.update);
        else if (ack && ack.error) view.fail(ack.error);
      });
    });
    if (overview) {
      for (const tableId of overview.tableIds()) {
        socket.emit('board:watch', { table_id: tableId }, (ack) => {
          if (ack && ack.ok) overview.update(tableId, ack.update);
        });
      }
    }
  });
  socket.on('board:update', onUpdate);
  socket.on('disconnect', showConn);
  socket.on('connect_error', () => {
    showConn();
    if (!socket.active) setTimeout(() => socket.connect(), 5000);
  });
}

createQuestions(ctx, socket);
// Who came (attendance.js): figures per group and table, ticks, badges.
mountAttendance(ctx, socket);

// Without live updates, reload what is open every few seconds.
setInterval(() => {
  if (connected()) return;
  views.forEach((view) => view.poll());
  if (people) people.refresh();
  logChanged();
}, POLL_MS);
