/* Form helpers the join and proposal screens share: field errors next to their field, the form's
 * own error line, checked labels. Each screen passes its own form. */
import { byId, qa } from '../common/dom.js';

/** Show (or clear, with '') the error of `field` in `form`, whose boxes are #<prefix>-<field>-error. */
export function setFieldError(form, prefix, field, message) {
  const box = byId(prefix + '-' + field + '-error');
  if (!box) return false;
  box.textContent = message || '';
  box.hidden = !message;
  const input = form.querySelector('[name="' + cssEscape(field) + '"]');
  if (box.parentNode) box.parentNode.classList.toggle('has-error', !!message);
  if (input && input.type !== 'radio') {
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  }
  return true;
}

/** Show (or clear) a form's own error line. */
export function setFormError(id, message) {
  const box = byId(id);
  box.textContent = message || '';
  box.hidden = !message;
}

/** Mark the chosen radio's or checkbox's label (for browsers without :has()). */
export function syncChecked(form) {
  for (const input of qa('input[type="radio"], input[type="checkbox"]', form)) {
    const label = input.closest('label');
    if (label) label.classList.toggle('is-checked', input.checked);
  }
}

export function cssEscape(value) {
  return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/[^a-zA-Z0-9_-]/g, '');
}

/** Clear a field's error as soon as it is edited; `after` runs on every change too. */
export function clearOnEdit(form, prefix, after = () => {}) {
  form.addEventListener('input', (ev) => {
    if (ev.target && ev.target.name) setFieldError(form, prefix, ev.target.name, '');
    after(ev);
  });
  form.addEventListener('change', (ev) => {
    if (ev.target && ev.target.name) setFieldError(form, prefix, ev.target.name, '');
    syncChecked(form);
    after(ev);
  });
}
