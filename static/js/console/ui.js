/* Small pieces of the console's forms: a status message, a busy button, a labelled field. */
import { el } from '../common/dom.js';

/** Shows `message` in a status node ('' hides it); kind 'error' or 'ok' colours it. */
export function showMessage(node, message, kind) {
  if (!node) return;
  node.textContent = message || '';
  node.hidden = !message;
  node.classList.toggle('is-error', kind === 'error');
  node.classList.toggle('is-ok', kind === 'ok');
}

/** Disables `button` while `promise` runs; passes its outcome on. */
export function busy(button, promise) {
  if (button) button.disabled = true;
  return promise.then((value) => {
    if (button) button.disabled = false;
    return value;
  }, (error) => {
    if (button) button.disabled = false;
    throw error;
  });
}

/** <label class="field"><span>text</span>control</label> */
export function field(text, control) {
  return el('label', { class: 'field' }, [el('span', { text }), control]);
}
