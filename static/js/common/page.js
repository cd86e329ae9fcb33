/* What the server tells a page once, at load: the page's own data (element #page-data) and the
 * constants it owns (dimensions, phases, methods and their defaults, limits) under `constants`.
 * Scripts read these instead of copying them; see workshop/web/pagedata.py. */
import { readJSON } from './dom.js';

/** The page's data from the server (an object, empty when missing). */
export function pageData() {
  return readJSON('page-data', {});
}

/** The constants the server owns; see page_constants() in workshop/web/pagedata.py. */
export function constants(page = pageData()) {
  return page.constants || {};
}

/** 'en' or 'id': the language the server rendered the page in. */
export function pageLocale(page = pageData()) {
  return page.lang === 'en' ? 'en' : 'id';
}

/** A CSS-safe dimension class: 'dim-<key>' for the six known keys, else `fallbackClass`. */
export function dimClass(key, dimensions, fallbackClass = 'dim-other') {
  return (dimensions || []).some((d) => d.key === key) ? 'dim-' + key : fallbackClass;
}
