/* Who sits where (#people-panel): the workshop's participants (GET /workshops/{id}/participants)
 * with a table choice each; choosing moves the person at once (PATCH /participants/{id}
 * {table_id}) and their phone follows. The counts per table feed the overview. */
import { byId, el, replaceChildren, setText } from '../common/dom.js';
import { seatCounts } from '../common/tables.js';
import { throttled } from './api.js';
import { showMessage } from './ui.js';

const REFRESH_MIN_MS = 2000;

export function createPeople(ctx, onCounts) {
  const { api, t, workshopId, tables } = ctx;
  const rows = byId('people-rows');
  const panel = byId('people-panel');
  const message = byId('people-message');
  let people = [];

  function choice(person) {
    const select = el('select', {
      'aria-label': t('table_of', { name: person.name || '#' + person.id }),
      on: { change: () => move(person, select) },
    }, [el('option', { value: '', text: t('no_table') })].concat(tables.map((table) =>
      el('option', { value: String(table.id), text: table.name, selected: person.table_id === table.id }))));
    return select;
  }

  function move(person, select) {
    const tableId = select.value ? parseInt(select.value, 10) : null;
    select.disabled = true;
    api('PATCH', '/participants/' + person.id, { table_id: tableId }).then(() => {
      person.table_id = tableId;
      const table = tables.find((x) => x.id === tableId);
      showMessage(message, t('moved', { name: person.name || '#' + person.id, table: table ? table.name : t('no_table') }), 'ok');
      counted();
    }, (error) => {
      select.value = person.table_id ? String(person.table_id) : '';
      showMessage(message, error.message, 'error');
    }).then(() => { select.disabled = false; });
  }

  function counted() {
    const counts = seatCounts(people, tables);
    setText(byId('people-count'), '(' + people.length + ')');
    onCounts(counts, people.length);
  }

  function render() {
    if (!rows) return;
    const groupLabel = (key) => ctx.groupLabels.get(key) || key || '';
    replaceChildren(rows, people.map((p) => el('tr', {}, [
      el('td', { text: p.name || '—' }), el('td', { text: groupLabel(p.group) }),
      el('td', { text: p.organization || '' }), el('td', {}, [choice(p)]),
    ])));
    byId('people-empty').hidden = people.length > 0;
  }

  async function load() {
    const answer = await api('GET', '/workshops/' + workshopId + '/participants');
    people = (answer.participants || []).filter((p) => p.kind === undefined || p.kind === 'phone');
    // A select being used keeps its rows: redrawn only when the panel is closed or nothing is focused.
    if (!(panel && panel.open && panel.contains(document.activeElement))) render();
    counted();
  }

  const refresh = throttled(load, REFRESH_MIN_MS);
  if (panel) panel.addEventListener('toggle', () => { if (panel.open) refresh(); });
  refresh();
  return { refresh };
}
