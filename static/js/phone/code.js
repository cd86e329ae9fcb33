/* The code page (/j, templates/phone_code.html): typing the session code by hand, for phones that
 * could not scan the QR code. Its own entry: it needs nothing else of the phone. */
import { byId } from '../common/dom.js';

const form = byId('code-form');
const input = byId('code-input');

if (form && input) {
  input.addEventListener('input', () => {
    let value = input.value;
    // A pasted join link works too: keep what follows /j/.
    const link = value.match(/\/j\/([A-Za-z0-9]+)/);
    if (link) value = link[1];
    value = value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6);
    if (value !== input.value) input.value = value;
    input.removeAttribute('aria-invalid');
  });
  form.addEventListener('submit', (ev) => {
    if (!input.value.trim()) { ev.preventDefault(); input.focus(); }
  });
}
