/* What the server told this page once, at load (never changes): page data, the constants the
 * server owns, the page's strings, and names derived from them. See common/page.js. */
import { byId } from '../common/dom.js';
import { constants as pageConstants, dimClass as dimClassIn, pageData, pageLocale } from '../common/page.js';
import { catalogue } from '../common/strings.js';

export const page = pageData();
export const constants = pageConstants(page);
export const t = catalogue('phone-strings');
export const locale = pageLocale(page);

const dimensions = constants.dimensions || page.dimensions || [];
const groups = new Map((page.groups || []).map((g) => [g.key, g.label]));
const limits = constants.limits || {};

/** The workshop's join code. */
export const code = String(page.join_code || (byId('phone-app') && byId('phone-app').dataset.joinCode) || '');

/** localStorage keys of this workshop. */
export const keys = {
  token: 'rembuk:' + code + ':token',
  participant: 'rembuk:' + code + ':participant',
  outbox: 'rembuk:' + code + ':outbox',
  draft: 'rembuk:' + code + ':draft',
  ballot: 'rembuk:' + code + ':ballot',   // a ballot tapped but not yet acknowledged
};

/** The six dimensions (key, label, hint), in order. */
export { dimensions };

/** A dimension by key, or undefined. */
export const dimension = (key) => dimensions.find((d) => d.key === key);

/** A CSS-safe dimension class ('dim-other' for anything unknown). */
export const dimClass = (key) => dimClassIn(key, dimensions);

/** A stakeholder group's label (its key when unknown). */
export const groupLabel = (key) => groups.get(key) || key;

/** The masterplan's text fields and their length limits, in the server's order. */
export const planFields = Object.keys(limits.plan_fields || {});
export const planLimit = (field) => limits.plan_fields[field];
export const limit = (name) => limits[name];

/** The program horizons in years (1, 5, 10). */
export const horizons = constants.horizons || [];

/** What the method modules' DOM functions take as `ui`. */
export const ui = { t, locale, dimClass };
