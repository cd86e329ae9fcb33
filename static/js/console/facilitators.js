/* Co-facilitators (#cofacilitators, the lead only): the list (GET /workshops/{id}/facilitators),
 * adding one by e-mail for the whole workshop or one table (POST), removing one (DELETE). */
import { byId, el, replaceChildren } from '../common/dom.js';
import { busy, showMessage } from './ui.js';

export function wireFacilitators(ctx) {
  const box = byId('cofacilitators');
  if (!box) return;
  const { api, t, workshopId, tables } = ctx;
  const path = '/workshops/' + workshopId + '/facilitators';
  const form = byId('new-cofac');
  const message = form.querySelector('.form-message');
  const where = (id) => {
    const table = tables.find((x) => x.id === id);
    return table ? table.name : t('whole_workshop');
  };

  function render(list) {
    replaceChildren(byId('cofac-list'), list.map((f) => el('li', { class: 'cofac' }, [
      el('span', { class: 'cofac-email', text: f.email }), ' · ',
      el('span', { class: 'cofac-where', text: where(f.table_id) }), ' ',
      el('button', { type: 'button', 'aria-label': t('remove_cofac', { email: f.email }), text: t('remove'),
        on: { click: (event) => remove(f, event.currentTarget) } }),
    ])));
    byId('cofac-empty').hidden = list.length > 0;
  }

  const load = () => api('GET', path).then((answer) => render(answer.facilitators || []),
    (error) => showMessage(message, error.message, 'error'));

  function remove(f, button) {
    busy(button, api('DELETE', path + '/' + f.facilitator_id)).then(() => {
      showMessage(message, t('cofac_removed', { email: f.email }), 'ok');
      return load();
    }, (error) => showMessage(message, error.message, 'error'));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const email = form.elements.email.value.trim();
    if (!email) { form.elements.email.focus(); return; }
    const tableId = form.elements.table_id.value ? parseInt(form.elements.table_id.value, 10) : null;
    busy(form.querySelector('button[type="submit"]'), api('POST', path, { email, table_id: tableId })).then((added) => {
      form.elements.email.value = '';
      showMessage(message, t('cofac_added', { email: added.email, where: where(added.table_id) }), 'ok');
      return load();
    }, (error) => showMessage(message, error.message, 'error'));
  });
  box.addEventListener('toggle', () => { if (box.open) load(); }, { once: true });
}
