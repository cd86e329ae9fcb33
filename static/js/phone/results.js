/* The results: in any phase once the facilitator reveals them; in vote and closed a note until
 * then. Owns #results-box. The method module gives each row's figure and second line. */
import { byId, clear, el, setText, show } from '../common/dom.js';
import { dimClass, dimension, t, ui } from './context.js';
import { method } from './ballot.js';
import { state } from './state.js';

function row(r, mergedCount) {
  const dim = dimension(r.dimension);
  const { figure, extra } = method().phoneResult(r, state.session, ui);
  return el('li', { class: 'ph-result ' + dimClass(r.dimension) + (r.rank <= 3 ? ' is-top' : ''),
    'data-pid': String(r.proposal_id) }, [
    el('span', { class: 'ph-rank', 'aria-label': t('rank', { n: r.rank }), text: String(r.rank) }),
    el('span', { class: 'ph-result-main' }, [
      el('span', { class: 'ph-result-title', text: String(r.title || '') }),
      mergedCount ? el('span', { class: 'ph-result-merged' }, [
        el('span', { class: 'ph-badge ph-badge-merged', text: t('merged', { n: mergedCount }) })]) : null,
      el('span', { class: 'ph-result-meta' }, [
        el('span', { class: 'ph-result-dim', text: dim ? dim.label : String(r.dimension || '') }),
        el('span', { class: 'ph-score', text: figure }),
      ]),
      extra ? el('span', { class: 'ph-result-extra', text: extra }) : null,
    ]),
  ]);
}

export function renderResults(phase) {
  const box = byId('results-box');
  const list = byId('results-list');
  const snap = state.snap;
  const results = snap && Array.isArray(snap.results) ? snap.results : null;
  // An older server sends results in closed without `revealed`.
  const revealed = !!results && (snap.revealed === true || snap.revealed === undefined);
  const shown = phase === 'vote' || phase === 'closed' || (revealed && phase !== 'wait' && phase !== 'loading');
  clear(list);
  show(box, shown);
  if (!shown) return;
  setText(byId('results-title'), revealed && phase !== 'closed' ? t('results_live') : t('results'));
  show(byId('results-hidden'), !revealed);
  show(byId('closed-empty'), revealed && results.length === 0);
  if (!revealed) return;
  const merged = new Map(snap.proposals.filter((p) => p.merged_count > 0).map((p) => [String(p.id), p.merged_count]));
  for (const r of results) list.appendChild(row(r, merged.get(String(r.proposal_id))));
}
