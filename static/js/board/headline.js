/* The head of the live area: the phase pill, the session title, the phase line ("Vote: 5 dots
 * per person"), the stats line under it with the view label, the message in an empty area and
 * the note that results are hidden. */
import { byId, setText, show } from '../common/dom.js';
import { num } from '../common/format.js';

export function createHeadline(page) {
  const t = page.t;
  const node = {
    pill: byId('phase-pill'), title: byId('session-title'), bigline: byId('bigline'),
    viewLabel: byId('view-label'), statsText: byId('stats-text'), message: byId('message'),
    hiddenNote: byId('board-hidden-note'), hiddenN: byId('hidden-n'), hiddenOf: byId('hidden-of'),
  };
  let statsFor = '';

  function setPhaseClass(phase) {
    const body = document.body;
    const want = 'phase-' + phase;
    if (body.classList.contains(want)) return;
    for (const c of Array.from(body.classList)) if (c.startsWith('phase-')) body.classList.remove(c);
    body.classList.add(want);
  }

  function bigline(phase, p, method) {
    if (phase === 'vote') return method.voteLine(p.settings || {}, t, page.numbers);
    return t.has('phase_' + phase) ? t('phase_' + phase) : t('phase_none');
  }

  return {
    /** The pill, the title and the phase line of `phase` (a known phase or 'none'). */
    phase(phase, p, method) {
      setPhaseClass(phase);
      setText(node.pill, t.has('pill_' + phase) ? t('pill_' + phase) : t('pill_none'));
      setText(node.title, p.title || page.workshop.title || '');
      setText(node.bigline, bigline(phase, p, method));
    },
    /** The label of the ranking shown (overall or group-balanced) or of the Quick Win matrix, when one is. */
    view(balanced, visible, matrix) {
      setText(node.viewLabel, matrix ? t('view_matrix') : balanced ? t('view_balanced') : t('view_overall'));
      show(node.viewLabel, visible);
    },
    /** The hidden-results note: who voted, of how many. */
    hidden(visible, voters, total) {
      if (visible) {
        setText(node.hiddenN, num(voters));
        setText(node.hiddenOf, t('hidden_of', { total }));
      }
      show(node.hiddenNote, visible);
    },
    message(text) {
      setText(node.message, text);
      node.message.hidden = !text;
    },
    /**
     * The stats line never ends in an ellipsis if it can help it: extras go first, then the main
     * part gets its short form. Measured only when the text or the width changed.
     */
    stats(parts, short, width) {
      const key = JSON.stringify([parts, short, width, node.viewLabel.hidden, node.viewLabel.textContent]);
      if (key === statsFor) return;
      statsFor = key;
      const tries = [];
      for (let i = parts.length; i >= 1; i--) tries.push(parts.slice(0, i).join(' · '));
      if (short) tries.push(short);
      for (let j = 0; j < tries.length; j++) {
        setText(node.statsText, tries[j]);
        if (j === tries.length - 1 || node.statsText.scrollWidth <= node.statsText.clientWidth) return;
      }
    },
  };
}
