/* A score session's criteria (.criteria-editor): an editable table until voting starts, a plain
 * list after. Rebuilt when the criteria change, unless the facilitator is editing them. */
import { clear, el } from '../common/dom.js';
import { busy, showMessage } from './ui.js';

/** The key the server makes from a criterion's label when none is given ("Efisiensi biaya" -> efisiensi_biaya). */
export function criterionKey(label, maxLength) {
  return String(label || '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, maxLength);
}

export function createCriteria(session) {
  const box = session.q('.criteria-editor');
  if (!box) return;
  const { t, numbers, constants } = session.ctx;
  const limits = constants.limits;
  const keyOf = (label) => criterionKey(label, limits.criterion_key);
  let shownFor = null;           // what the editor was last built from

  function row(c, onRemove) {
    const label = el('input', { type: 'text', class: 'crit-label', maxlength: limits.criterion_label,
                                'aria-label': t('criterion'), value: c.label || '' });
    const key = el('input', { type: 'text', class: 'crit-key', maxlength: limits.criterion_key, 'aria-label': t('key'),
                              value: c.key || '' });
    const weight = el('input', { type: 'number', class: 'crit-weight', min: '0.1', max: '100', step: 'any',
                                 'aria-label': t('weight'), value: c.weight === undefined ? '1' : String(c.weight) });
    const remove = el('button', { type: 'button', class: 'small-button', text: t('remove') });
    const tr = el('tr', {}, [el('td', {}, [label]), el('td', {}, [key]), el('td', {}, [weight]), el('td', {}, [remove])]);
    label.addEventListener('input', () => { key.placeholder = keyOf(label.value); });
    remove.addEventListener('click', () => { tr.remove(); onRemove(); });
    return tr;
  }

  function read(body) {
    return Array.from(body.children, (tr) => {
      const label = tr.querySelector('.crit-label').value.trim();
      const key = tr.querySelector('.crit-key').value.trim() || keyOf(label);
      const weight = parseFloat(String(tr.querySelector('.crit-weight').value).replace(',', '.'));
      return { key, label, weight: Number.isFinite(weight) ? weight : 1 };
    }).filter((c) => c.key || c.label);
  }

  function editor(criteria) {
    const dirty = () => { session.local.criteriaDirty = true; };
    const body = el('tbody', {}, criteria.map((c) => row(c, dirty)));
    const add = el('button', { type: 'button', text: t('add_criterion') });
    const save = el('button', { type: 'submit', class: 'primary', text: t('save_criteria') });
    const message = el('p', { class: 'form-message', role: 'status', hidden: true });
    const table = el('table', { class: 'criteria-table' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: t('criterion') }), el('th', { text: t('key') }),
                                     el('th', { text: t('weight') }), el('th')])]), body]);
    const form = el('form', { class: 'criteria-form' }, [table, el('p', { class: 'button-row' }, [add, save]), message]);
    add.addEventListener('click', () => {
      if (body.children.length < limits.max_criteria) body.appendChild(row({}, dirty));
      dirty();
    });
    form.addEventListener('input', dirty);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(save, session.ctx.api('PATCH', '/sessions/' + session.id, { criteria: read(body) })).then((answer) => {
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
    if (!editable) {
      box.appendChild(el('ul', { class: 'criteria-list' }, criteria.map((c) =>
        el('li', {}, [el('strong', { text: c.label }), ' · ' + t('weight') + ' ' + numbers.maybe(c.weight)]))));
      return;
    }
    box.appendChild(editor(criteria));
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
