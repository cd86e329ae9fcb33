/* The tables panel's forms (#tables-panel, plenary part of the console, lead and whole-workshop
 * co-facilitators): the mode switch (POST /workshops/{id}/mode), renaming a table or changing its
 * dimension (PATCH /tables/{id}) and adding one (POST /workshops/{id}/tables; the page reloads,
 * since the tabs, the overview and the session form list the tables). */
import { byId, qa } from '../common/dom.js';
import { busy, showMessage } from './ui.js';

export function wireTables(ctx) {
  const { api, t, workshopId } = ctx;

  const modeMessage = byId('mode-message');
  for (const button of qa('.mode-button')) {
    button.addEventListener('click', () => {
      const mode = button.getAttribute('data-mode');
      busy(button, api('POST', '/workshops/' + workshopId + '/mode', { mode })).then((answer) => {
        for (const b of qa('.mode-button')) b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === answer.mode));
        showMessage(modeMessage, answer.mode === 'tables' ? t('mode_tables_done') : t('mode_plenary_done'), 'ok');
      }, (error) => showMessage(modeMessage, error.message, 'error'));
    });
  }

  const body = (form) => ({ name: form.elements.name.value.trim(), dimension: form.elements.dimension.value || null });

  for (const form of qa('form.table-row')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const message = form.querySelector('.form-message');
      const id = form.getAttribute('data-table-id');
      busy(form.querySelector('button[type="submit"]'), api('PATCH', '/tables/' + id, body(form)))
        .then(() => showMessage(message, t('saved'), 'ok'), (error) => showMessage(message, error.message, 'error'));
    });
  }

  const add = byId('new-table');
  if (add) {
    add.addEventListener('submit', (event) => {
      event.preventDefault();
      const message = add.querySelector('.form-message');
      const data = body(add);
      if (!data.name) { showMessage(message, t('table_name_required'), 'error'); add.elements.name.focus(); return; }
      busy(add.querySelector('button[type="submit"]'), api('POST', '/workshops/' + workshopId + '/tables', data))
        .then(() => window.location.reload(), (error) => showMessage(message, error.message, 'error'));
    });
  }
}
