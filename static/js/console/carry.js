/* Carrying the top proposals of earlier sessions into this one (.carry-form, later sessions only). */
import { wholeNumber } from '../common/format.js';
import { busy, showMessage } from './ui.js';

export function createCarry(session) {
  const form = session.q('.carry-form');
  if (!form) return;
  const { api, t } = session.ctx;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const message = form.querySelector('.form-message');
    const ids = Array.from(form.querySelectorAll('input[name="from_session_ids"]'))
      .filter((box) => box.checked).map((box) => parseInt(box.value, 10));
    if (!ids.length) { showMessage(message, t('carry_pick'), 'error'); return; }
    const topN = wholeNumber(form.elements.top_n.value);
    const body = { from_session_ids: ids, top_n: Number.isNaN(topN) ? form.elements.top_n.value : topN };
    busy(form.querySelector('button[type="submit"]'), api('POST', '/sessions/' + session.id + '/carry', body))
      .then((result) => {
        const n = (result.copied || []).length;
        showMessage(message, n ? t('carry_done', { n }) : t('carry_none'), 'ok');
        return session.loadProposals();
      }, (error) => showMessage(message, error.message, 'error'));
  });
}
