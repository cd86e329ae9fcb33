/* The editors that open under a proposal of the review list, one at a time: edit (title,
 * description, dimension), hide (with a reason for the log) and plan (the masterplan fields). */
import { el } from '../common/dom.js';
import { field } from './ui.js';

const HIDDEN_REASON_MAX = 500;   // the server's limit (services/moderation.py); not yet in page data
const PLAN_TEXTS = ['goal', 'target', 'indicator'];   // the long masterplan fields, in the form's order

function editFields(p, ctx) {
  const { t, constants } = ctx;
  const title = el('input', { type: 'text', name: 'title', maxlength: constants.limits.proposal_title, value: p.title, required: true });
  const description = el('textarea', { name: 'description', maxlength: constants.limits.proposal_description, rows: 2 });
  description.value = p.description || '';
  const dimension = el('select', { name: 'dimension' }, constants.dimensions.map((d) =>
    el('option', { value: d.key, text: d.label, selected: d.key === p.dimension })));
  return {
    fields: [field(t('title'), title), field(t('description'), description), field(t('dimension'), dimension)],
    read: () => ({ title: title.value, description: description.value, dimension: dimension.value }),
  };
}

function hideFields(p, ctx) {
  const reason = el('input', { type: 'text', name: 'hidden_reason', maxlength: HIDDEN_REASON_MAX });
  return {
    fields: [field(ctx.t('hide_reason'), reason)],
    read: () => ({ hidden: true, hidden_reason: reason.value }),
  };
}

function planFields(p, ctx) {
  const { t, constants } = ctx;
  const texts = {};
  const fields = [];
  for (const name of PLAN_TEXTS) {
    texts[name] = el('textarea', { name, maxlength: constants.limits.plan_fields[name], rows: 2 });
    texts[name].value = p[name] || '';
    fields.push(field(t(name), texts[name]));
  }
  texts.responsible_agency = el('input', { type: 'text', name: 'responsible_agency',
                                           maxlength: constants.limits.plan_fields.responsible_agency,
                                           value: p.responsible_agency || '' });
  const choices = [['', t('horizon_none')], ...constants.horizons.map((h) => [String(h), t('horizon_' + h)])];
  const horizon = el('select', { name: 'horizon' }, choices.map(([value, text]) =>
    el('option', { value, text, selected: String(p.horizon || '') === value })));
  const quickWin = el('input', { type: 'checkbox', name: 'quick_win', checked: !!p.quick_win });
  fields.push(field(t('responsible_agency'), texts.responsible_agency), field(t('horizon'), horizon),
              el('label', { class: 'check' }, [quickWin, ' ' + t('quick_win_label')]));
  return {
    fields,
    read: () => {
      const body = { horizon: horizon.value ? parseInt(horizon.value, 10) : null, quick_win: quickWin.checked };
      for (const name of Object.keys(texts)) body[name] = texts[name].value;
      return body;
    },
  };
}

const KINDS = { edit: editFields, hide: hideFields, plan: planFields };

/**
 * The form of one editor (`kind`: edit, hide or plan) for proposal `p`: {form, save, message,
 * cancel, read}; the caller wires submit and cancel.
 */
export function editorForm(kind, p, ctx) {
  const { t } = ctx;
  const { fields, read } = KINDS[kind](p, ctx);
  const save = el('button', { type: 'submit', class: 'primary', text: kind === 'hide' ? t('hide_confirm') : t('save') });
  const cancel = el('button', { type: 'button', text: t('cancel') });
  const message = el('p', { class: 'form-message', role: 'status', hidden: true });
  const form = el('form', { class: 'prop-form prop-form-' + kind, novalidate: true },
                  [el('div', { class: 'prop-fields' }, fields), el('p', { class: 'button-row' }, [save, cancel]), message]);
  return { form, save, cancel, message, read };
}
