/* The new-session form (#new-session): only the chosen method's settings show, and a criterion's
 * key is suggested from its label. The form itself posts to the server. */
import { byId, qa } from '../common/dom.js';
import { criterionKey } from './criteria.js';

export function wireNewSession(constants) {
  const form = byId('new-session');
  if (!form) return;
  const method = form.querySelector('select[name="method"]');
  const showSettings = () => {
    for (const fieldset of qa('.method-settings', form)) fieldset.hidden = fieldset.getAttribute('data-method') !== method.value;
  };
  method.addEventListener('change', showSettings);
  showSettings();
  form.addEventListener('input', (event) => {
    const name = event.target.name || '';
    if (/^criteria-\d+-label$/.test(name)) {
      const key = form.querySelector('[name="' + name.replace(/label$/, 'key') + '"]');
      if (key) key.placeholder = criterionKey(event.target.value, constants.limits.criterion_key);
    }
  });
}
