/* Word cloud: each participant sends up to max_words short words or phrases; the board draws the
 * cloud. Mirrors the 'words' entries of workshop/voting/methods.py (which decides when two words are
 * the same: case, punctuation and Indonesian affixes do not count; stop words are dropped).
 * Every method module has the same named exports (see ./index.js for the interface), so adding a
 * method touches one file per side. */
import { el } from '../common/dom.js';
import { leftOf } from './shared.js';

// ------------------------------------------------------------------ ballot and the phone's control
// Local ballot: ["...", ...], the words as typed, one per input (blank inputs as ''). The wire form
// leaves the blanks out. The phone shows no cards: the whole ballot is one sheet of inputs.
// Interface and signatures: see ./dots.js.

const WORD_MAX = 40;   // characters of one word, trimmed (workshop/voting/words.py WORD_MAX)

const most = (session) => session.settings.max_words;
const trimmed = (word) => String(word).split(/\s+/).filter(Boolean).join(' ');
const filled = (local) => local.map(trimmed).filter(Boolean);

export function emptyBallot(session) {
  return [];
}

/** The words as stored (strings only). */
export function fromWire(ballot, session) {
  const raw = ballot && typeof ballot === 'object' ? ballot[session.wireKey] : null;
  return (Array.isArray(raw) ? raw : []).filter((word) => typeof word === 'string');
}

/** {words: [...]}: the filled inputs, trimmed. */
export function toWire(local, session) {
  return { [session.wireKey]: filled(local) };
}

/** At most max_words inputs. */
export function prune(local, session) {
  return local.slice(0, Math.max(0, most(session)));
}

/** invalid_ballot, too_many_words {max}, word_too_long {max}; blank inputs are not sent, so not refused. */
export function check(local, session) {
  if (!Array.isArray(local) || local.some((word) => typeof word !== 'string')) return { code: 'invalid_ballot', params: {} };
  const words = filled(local);
  if (words.length > most(session)) return { code: 'too_many_words', params: { max: most(session) } };
  if (words.some((word) => word.length > WORD_MAX)) return { code: 'word_too_long', params: { max: WORD_MAX } };
  return null;
}

/** Words filled in. */
export function used(local) {
  return filled(local).length;
}

export function remaining(local, session, server) {
  return leftOf(local, server, most(session), used);
}

/** No proposal carries my words (the phone lists none). */
export function marked(local, pid) {
  return false;
}

/** {values: [every input's text]} from the sheet: the ballot is what the inputs say. */
export function step(local, action, session, left) {
  if (!Array.isArray(action.values)) return null;
  const next = action.values.map(String).slice(0, most(session));
  if (next.length === local.length && next.every((word, i) => word === local[i])) return null;
  if (check(next, session) && !check(local, session)) return null;
  return { local: next };
}

export function labels(session, t) {
  return { instruction: t('instr_vote_words', { n: most(session) }), filterMine: t('filter_mine'),
    castFailed: t('vote_failed_any') };
}

export function summary(local, session, left, t) {
  const l = Math.max(0, left);
  return { text: t('words_left', { n: l }), hint: '', empty: l === 0, dots: null, meter: null };
}

export function renderPinned(local, session, ui) {
  return null;
}

/**
 * The sheet of max_words inputs ({node, update(local, left)}): each carries data-sheet-input, and
 * the page sends every input's text to step() as {values} while one is typed in. An input being
 * typed in is never overwritten.
 */
export function renderSheet(session, ui) {
  const inputs = Array.from({ length: Math.max(1, most(session)) }, (_, i) => el('input', {
    class: 'ph-word-input', type: 'text', maxlength: String(WORD_MAX), autocomplete: 'off', autocapitalize: 'none',
    enterkeyhint: i + 1 < most(session) ? 'next' : 'done', 'data-sheet-input': String(i),
    'aria-label': ui.t('word_input', { n: i + 1 }) }));
  const node = el('div', { class: 'ph-words' }, [
    el('p', { class: 'ph-words-help', text: ui.t('words_help', { max: WORD_MAX }) }),
    el('ol', { class: 'ph-words-list' }, inputs.map((input) => el('li', {}, [input]))),
  ]);
  const update = (local, left) => {
    const typing = inputs.includes(node.ownerDocument.activeElement);
    if (!typing) inputs.forEach((input, i) => { input.value = local[i] || ''; });
    return false;
  };
  return { node, update };
}

/** Proposals have no control: the phone shows no cards for a word cloud. */
export function renderControl(proposal, session, ui) {
  return { node: el('span', { hidden: true }), update: () => false };
}

/** How many people sent the word. */
export function phoneResult(row, session, ui) {
  const d = row.detail && typeof row.detail === 'object' ? row.detail : {};
  return { figure: ui.t('people_n', { n: typeof d.words === 'number' ? d.words : row.score }), extra: '' };
}



// ------------------------------------------------------------------ result rows
// The same exports as dots.js (documented there). A word's figure is how many people sent it
// (in the group-balanced view: as if every group had sent as many people), added up like dots.
export {
  resultFigure, resultMax, resultText, resultGroupText, resultCriteria, resultCriteriaFigures, resultDetail,
} from './sum.js';

/** The board draws the words as a cloud instead of ranked bars (board/cloud.js). */
export function resultLayout() {
  return 'cloud';
}

/** Board key phase_vote_words ("Send up to 3 words from your phone"). */
export function voteLine(settings, t) {
  return t('phase_vote_words', { n: (settings || {}).max_words || 3 });
}

export function capLine() {
  return '';
}

/** balanced_sum_rule in the group-balanced view; words_rule otherwise. */
export function ruleLine(settings, { balanced = false } = {}, t) {
  return balanced ? t('balanced_sum_rule') : t('words_rule');
}

/** Console key words_each. */
export function settingsLine(settings, t) {
  return t('words_each', { n: (settings || {}).max_words });
}

/** Console key paper_help_words: words are not typed in from paper. */
export function paperHelp(settings, t) {
  return t('paper_help_words');
}

/** No columns: nothing to type in. */
export function paperColumns() {
  return [];
}

export function paperControl() {
  return { type: 'number', min: 0, max: 0 };
}

export function paperBudget() {
  return null;
}

/** Always refused (console key paper_help_words). */
export function paperBallot(cells, settings, t) {
  return { error: t('paper_help_words') };
}
