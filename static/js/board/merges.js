/* Merge notes (#notes): "«A» merged into «B»" for a few seconds when the facilitator merges
 * duplicates; one note per survivor, which later merges into it extend. */
import { byId, el, setText } from '../common/dom.js';
import { LEAVE_MS } from './keyed.js';

const NOTE_MS = 6000;           // how long a merge note stays
const MAX_NOTES = 3;

export function createMerges(t) {
  const box = byId('notes');
  let seen = null;                  // merged proposal ids already known for the shown session
  const notesByTarget = new Map();  // survivor id -> {node, sources, timer}

  function announce(target, source, targetTitle) {
    let note = notesByTarget.get(target);
    if (!note) {
      note = { node: el('p', { class: 'board-merge-note' }), sources: [], timer: null };
      notesByTarget.set(target, note);
      box.appendChild(note.node);
      while (box.children.length > MAX_NOTES) box.removeChild(box.firstChild);
    }
    note.sources.push(source);
    const a = note.sources.join('\u00bb, \u00ab');
    setText(note.node, targetTitle != null ? t('merged_into', { a, b: targetTitle }) : t('merged_away', { a }));
    clearTimeout(note.timer);
    note.timer = setTimeout(() => {
      notesByTarget.delete(target);
      note.node.classList.add('board-leaving');
      setTimeout(() => note.node.remove(), LEAVE_MS);
    }, NOTE_MS);
  }

  /**
   * Reads p.merges: returns {into: merged id -> survivor id, fresh: survivors of the merges new
   * since the last payload, oldest first}, and announces those (not the ones already there when
   * the board opened or the session changed).
   */
  return function note(p, sessionChanged) {
    const merges = (Array.isArray(p.merges) ? p.merges : []).filter((m) => m && m.proposal_id != null);
    const into = new Map(merges.map((m) => [m.proposal_id, m.into]));
    if (sessionChanged || seen === null) {
      seen = new Set(into.keys());
      return { into, fresh: [] };
    }
    const fresh = merges.filter((m) => !seen.has(m.proposal_id));
    if (!fresh.length) return { into, fresh: [] };
    for (const m of fresh) seen.add(m.proposal_id);
    const titles = new Map(merges.map((m) => [m.proposal_id, m.title]));
    for (const r of Array.isArray(p.results) ? p.results : []) if (r) titles.set(r.proposal_id, r.title);
    for (const pr of Array.isArray(p.proposals) ? p.proposals : []) if (pr) titles.set(pr.id, pr.title);
    fresh.reverse();
    for (const m of fresh) announce(m.into, m.title != null ? String(m.title) : '', titles.get(m.into));
    return { into, fresh: fresh.map((m) => m.into) };
  };
}
