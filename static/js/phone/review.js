/* review: every proposal, read-only. Owns #view-review's list. */
import { byId, el, replaceChildren, show } from '../common/dom.js';
import { dimClass } from './context.js';
import { proposalBody } from './cards.js';
import { state } from './state.js';

export function renderReview() {
  const proposals = state.snap.proposals;
  replaceChildren(byId('review-list'), proposals.map((p) => el('li',
    { class: 'ph-card ' + dimClass(p.dimension) + (p.mine ? ' is-mine' : '') }, proposalBody(p))));
  show(byId('review-empty'), proposals.length === 0);
}
