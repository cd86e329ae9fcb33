/* Tables (meja): which table this phone sits at (#seat-line in the header), the picker
 * (#view-tables: a big button per table in its dimension's colour) and moving ("Pindah meja").
 *
 * The seat is the participant's `table_id` (from the join answer, the table:choose ack and each
 * session:state's `my_table`); the workshop's `mode`, its `tables` and `needs_table` come with
 * session:state (the page's copy serves until the first one). In `tables` mode a phone without a table sees the picker and nothing else;
 * choosing sends `table:choose {table_id}` and the server's fresh session:state follows. A join
 * link of a table's board (`/j/<code>?table=<id>`) seats a phone that had joined before. */
import { byId, el, replaceChildren, setText, show } from '../common/dom.js';
import { request } from '../common/connection.js';
import { findTable, needsTable, tableFromQuery, tableId, tableLabel } from '../common/tables.js';
import { dimClass, dimension, page, t } from './context.js';
import { remember, state } from './state.js';
import { notify } from './status.js';

const CHOOSE_TIMEOUT_MS = 8000;

let onChanged = () => {};
let choosing = false;
let linkTable = null;     // the table a join link named, to take once connected

const dimLabel = (key) => (dimension(key) || {}).label || '';

/** The workshop's tables as last heard of. */
export function tables() {
  const snap = state.snap;
  return snap && Array.isArray(snap.tables) ? snap.tables : (page.tables || []);
}

/** 'plenary' or 'tables'. */
export function mode() {
  const snap = state.snap;
  return (snap && snap.mode) || page.mode || 'plenary';
}

/** The id of the table this phone sits at, or null. */
export function seat() {
  return tableId(state.participant && state.participant.table_id);
}

function setSeat(id) {
  if (!state.participant) return;
  const value = tableId(id);
  if (state.participant.table_id === value) return;
  state.participant = { ...state.participant, table_id: value };
  remember(state.token, state.participant);
}

/** Take what a session:state says about the seat; decide whether the picker shows. */
export function takeSnapshot(snap) {
  // `my_table` ({id, name, dimension} or null) is where the server seats this person now.
  if (snap && Object.prototype.hasOwnProperty.call(snap, 'my_table')) setSeat(snap.my_table ? snap.my_table.id : null);
  const needed = snap && typeof snap.needs_table === 'boolean' ? snap.needs_table : needsTable(mode(), seat(), tables());
  if (needed) state.view.picker = 'needed';
  else if (state.view.picker === 'needed') state.view.picker = false;
  if (linkTable !== null && state.socket && state.socket.connected) {
    const wanted = linkTable;
    linkTable = null;
    if (wanted !== seat() && findTable(tables(), wanted)) choose(wanted);
  }
}

async function choose(id) {
  if (choosing) return;
  if (!state.socket || !state.socket.connected) { notify(t('network_error'), 'error'); return; }
  choosing = true;
  renderTables();
  try {
    const ack = await request(state.socket, 'table:choose', { table_id: id }, CHOOSE_TIMEOUT_MS);
    if (ack && ack.ok) {
      setSeat(ack.table_id === undefined ? id : ack.table_id);
      state.view.picker = false;
      const table = findTable(tables(), seat());
      if (table) notify(t('table_moved', { table: tableLabel(table, dimLabel) }), 'ok');
    } else {
      notify((ack && ack.error && ack.error.message) || t('table_failed'), 'error');
    }
  } catch (e) {
    notify(t('table_failed'), 'error');
  }
  choosing = false;
  onChanged();
}

function tableButton(table, current) {
  const label = tableLabel(table, dimLabel);
  const dim = table.dimension ? dimension(table.dimension) : null;
  return el('li', {}, [el('button', {
    class: 'ph-table-button ' + (table.dimension ? dimClass(table.dimension) : 'dim-other') + (current ? ' is-current' : ''),
    type: 'button', disabled: choosing, 'data-table-id': table.id,
    'aria-label': t('table_choose', { table: label }) + (current ? ' (' + t('table_current') + ')' : ''),
    on: { click: () => (current ? (state.view.picker = false, onChanged()) : choose(table.id)) },
  }, [
    el('span', { class: 'ph-dim-swatch', 'aria-hidden': 'true' }),
    el('span', { class: 'ph-dim-text' }, [
      el('span', { class: 'ph-dim-label', text: String(table.name || '') }),
      dim ? el('span', { class: 'ph-dim-hint', text: dim.label }) : null,
      current ? el('span', { class: 'ph-dim-hint ph-table-here', text: t('table_current') }) : null,
    ]),
  ])]);
}

/** The picker (#view-tables) when it shows, and the seat line in the header. */
export function renderTables() {
  const list = tables();
  const here = findTable(list, seat());
  const line = byId('seat-line');
  show(line, list.length > 0 && !!state.participant);
  setText(byId('seat-name'), here ? t('seat', { table: tableLabel(here, dimLabel) }) : t('seat_none'));
  show(byId('seat-move'), list.length > 0 && state.view.picker !== 'needed');
  setText(byId('seat-move'), here ? t('instr_move') : t('instr_tables'));
  if (!state.view.picker) return;
  replaceChildren(byId('table-list'), list.map((table) => tableButton(table, here && here.id === table.id)));
  show(byId('table-empty'), !list.length);
  show(byId('table-cancel'), state.view.picker === 'asked' && !!here);
}

/** The instruction line while the picker shows. */
export function pickerInstruction() {
  return state.view.picker === 'asked' && seat() !== null ? t('instr_move') : t('instr_tables');
}

/** Wire the buttons; `changed()` re-renders the screen after a choice or a cancel. */
export function initTables(changed) {
  onChanged = changed;
  linkTable = tableFromQuery(window.location.search, page.tables || []);
  if (linkTable !== null && window.history && window.history.replaceState) {
    // Taken once: a reload of this page must not seat the phone again after a move.
    window.history.replaceState(null, '', window.location.pathname);
  }
  if (linkTable !== null && linkTable === seat()) linkTable = null;
  byId('seat-move').addEventListener('click', () => {
    state.view.picker = 'asked';
    onChanged();
  });
  byId('table-cancel').addEventListener('click', () => {
    state.view.picker = false;
    onChanged();
  });
}
