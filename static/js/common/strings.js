/* The string catalogue: each page's template renders its translated strings once into a
 * <script type="application/json"> element; scripts look them up here and never carry text. */
import { readJSON } from './dom.js';
import { fmt } from './format.js';

/**
 * A catalogue from a JSON object of translated strings, or from the id of the element holding it.
 * t(key, params) fills `%(name)s` placeholders (a missing key gives the key itself);
 * plural(n, one, other) picks by n and fills %(n)s.
 */
export function catalogue(source) {
  const table = typeof source === 'string' ? readJSON(source, {}) : (source || {});
  const t = (key, params) => fmt(Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key, params);
  t.plural = (n, one, other) => t(n === 1 ? one : other, { n });
  t.has = (key) => Object.prototype.hasOwnProperty.call(table, key);
  t.table = table;
  return t;
}
