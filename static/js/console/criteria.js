/* A score session's criteria (.criteria-editor): an editable table until voting starts, a plain
 * list after. Rebuilt when the criteria change, unless the facilitator is editing them. */
import { clear, el } from '../common/dom.js';
import { busy, showMessage } from './ui.js';

/** The key the server makes from a criterion's label when none is given ("Efisiensi biaya" -> efisiensi_biaya). */
export function criterionKey(label, maxLength) {
  return String(label || '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, maxLength);
}

/** One editable row of the criteria table; `onRemove()` after the row is gone. */
function criterionRow(c, onRemove, t, limits) {
  const label = el('input', { type: 'text', class: 'crit-label', maxlength: limits.criterion_label,
                              'aria-label': t('criterion'), value: c.label || '' });
  const key = el('input', { type: 'text', class: 'crit-key', maxlength: limits.criterion_key, 'aria-label': t('key'),
                            value: c.key || '' });
  const weight = el('input', { type: 'number', class: 'crit-weight', min: '0.1', max: '100', step: 'any',
                               'aria-label': t('weight'), value: c.weight === undefined ? '1' : String(c.weight) });
  const remove = el('button', { type: 'button', class: 'small-button', text: t('remove') });
  const tr = el('tr', {}, [el('td', {}, [label]), el('td', {}, [key]), el('td', {}, [weight]), el('td', {}, [remove])]);
  label.addEventListener('input', () => { key.placeholder = criterionKey(label.value, limits.criterion_key); });
  remove.addEventListener('click', () => { tr.remove(); onRemove(); });
  return tr;
}

/** The criteria as typed into the table's body (rows with neither key nor label left out). */
function readCriteria(body, limits) {
  return Array.from(body.children, (tr) => {
    const label = tr.querySelector('.crit-label').value.trim();
    const key = tr.querySelector('.crit-key').value.trim() || criterionKey(label, limits.criterion_key);
    const weight = parseFloat(String(tr.querySelector('.crit-weight').value).replace(',', '.'));
    return { key, label, weight: Number.isFinite(weight) ? weight : 1 };
  }).filter((c) => c.key || c.label);
}

/** The read-only list once voting started: each criterion with its weight. */
function criteriaList(criteria, t, numbers) {
  return el('ul', { class: 'criteria-list' }, criteria.map((c) =>
    el('li', {}, [el('strong', { text: c.label }), ' · ' + t('weight') + ' ' + numbers.maybe(c.weight)])));
}

/** The criteria part of one session view (session.js), drawn on each state change. */
export function createCriteria(session) {
  const box = session.q('.criteria-editor');
  if (!box) return;
  const { t, numbers, constants } = session.ctx;
  const limits = constants.limits;
  let shownFor = null;           // what the editor was last built from

  function editor(criteria) {
    const dirty = () => { session.local.criteriaDirty = true; };
    const body = el('tbody', {}, criteria.map((c) => criterionRow(c, dirty, t, limits)));
    const add = el('button', { type: 'button', text: t('add_criterion') });
    const save = el('button', { type: 'submit', class: 'primary', text: t('save_criteria') });
    const message = el('p', { class: 'form-message', role: 'status', hidden: true });
    const table = el('table', { class: 'criteria-table' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: t('criterion') }), el('th', { text: t('key') }),
                                     el('th', { text: t('weight') }), el('th')])]), body]);
    const form = el('form', { class: 'criteria-form' }, [table, el('p', { class: 'button-row' }, [add, save]), message]);
    add.addEventListener('click', () => {
      if (body.children.length < limits.max_criteria) body.appendChild(criterionRow({}, dirty, t, limits));
      dirty();
    });
    form.addEventListener('input', dirty);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const sent = session.ctx.api('PATCH', '/sessions/' + session.id, { criteria: readCriteria(body, limits) });
      busy(save, sent).then((answer) => {
        session.local.criteriaDirty = false;
        shownFor = null;
        session.take(answer);
        session.notice(t('criteria_saved'), 'ok');
      }, (error) => showMessage(message, error.message, 'error'));
    });
    return form;
  }

  function render(criteria, editable) {
    clear(box);
    box.appendChild(editable ? editor(criteria) : criteriaList(criteria, t, numbers));
  }

  session.on('state', () => {
    if (session.method().resultCriteria(session.data.settings || {}) === null) return;
    // Once voting starts the editor always turns read-only.
    const editable = constants.editable_phases.includes(session.data.phase);
    const criteria = (session.data.settings && session.data.settings.criteria) || [];
    const view = JSON.stringify([(session.data.settings || {}).criteria, editable]);
    if ((!session.local.criteriaDirty || !editable) && view !== shownFor) {
      shownFor = view;
      session.local.criteriaDirty = false;
      render(criteria, editable);
    }
  });
}
