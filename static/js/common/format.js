/* Formatting shared by the pages: message templates, numbers, clocks. Pure functions (no DOM),
 * so node --test can run them. */

/** Fill `%(name)s` placeholders (the server's gettext style); unknown names stay as they are. */
export function fmt(template, params) {
  return String(template === null || template === undefined ? '' : template)
    .replace(/%\((\w+)\)s/g, (m, key) => (
      params && Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m));
}

/** An Intl.NumberFormat for 'id' or 'en', with a plain fallback where Intl is missing. */
export function numberFormat(locale, options) {
  try {
    return new Intl.NumberFormat(locale === 'en' ? 'en' : 'id', options);
  } catch (e) {
    return { format: (v) => String(Math.round(v * 10) / 10) };
  }
}

/** Number formatters of one locale: whole numbers, one decimal, up to one or two decimals. */
export function numbers(locale) {
  const int = numberFormat(locale, { maximumFractionDigits: 0 });
  const one = numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const uptoOne = numberFormat(locale, { maximumFractionDigits: 1 });
  const uptoTwo = numberFormat(locale, { maximumFractionDigits: 2 });
  return {
    int: (v) => int.format(v),
    one: (v) => one.format(v),
    uptoOne: (v) => uptoOne.format(v),
    uptoTwo: (v) => uptoTwo.format(v),
    /** Averages: one decimal below ten ("0,4", "8,0"), none from ten up ("37"). */
    average: (v) => (v === 0 ? int.format(0) : (Math.abs(v) >= 10 ? int : one).format(v)),
    /** A figure that may be missing: '–' for null. */
    maybe: (v) => (v === null || v === undefined ? '–' : uptoTwo.format(v)),
  };
}

/** A finite number from anything (0 otherwise). */
export function num(value) {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** Seconds as "mm:ss", or "h:mm:ss" from an hour up; rounds up, never below zero. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(num(seconds)));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const two = (n) => (n < 10 ? '0' : '') + n;
  return h ? h + ':' + two(m) + ':' + two(rest) : two(m) + ':' + two(rest);
}

/** A whole number 0 or more from typed text ("12", " 3 "), NaN for anything else ("1.5", "", "-2"). */
export function wholeNumber(raw) {
  const text = String(raw === null || raw === undefined ? '' : raw).trim();
  return /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
}
