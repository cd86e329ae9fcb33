/* The body of a proposal card, as collect, review and vote show it: dimension, badges, title,
 * description, the masterplan details, who proposed it. Builds nodes; owns no element. */
import { el } from '../common/dom.js';
import { originName } from '../common/tables.js';
import { dimension, groupLabel, planFields, t } from './context.js';
import { state } from './state.js';

const LONG_DESCRIPTION = 90;   // longer descriptions are folded to two lines when voting

function horizonText(years) {
  if (years === 1) return t('horizon_one');
  return years === 5 || years === 10 ? t('horizon_n', { n: years }) : '';
}

function tags(p) {
  const dim = dimension(p.dimension);
  const merged = typeof p.merged_count === 'number' && p.merged_count > 0 ? p.merged_count : 0;
  const horizon = horizonText(p.horizon);
  return el('p', { class: 'ph-card-tags' }, [
    el('span', { class: 'ph-dimtag', text: dim ? dim.label : String(p.dimension || '') }),
    p.mine ? el('span', { class: 'ph-mine', text: t('mine') }) : null,
    p.quick_win === true ? el('span', { class: 'ph-badge ph-badge-qw', text: t('quick_win') }) : null,
    horizon ? el('span', { class: 'ph-badge', text: horizon }) : null,
    merged ? el('span', { class: 'ph-badge ph-badge-merged', text: t('merged', { n: merged }) }) : null,
    originName(p) ? el('span', { class: 'ph-origin', text: t('from_table', { table: originName(p) }) }) : null,
  ]);
}

function description(p, fold) {
  const text = String(p.description || '').trim();
  if (!text) return null;
  if (!fold || text.length <= LONG_DESCRIPTION) return el('p', { class: 'ph-card-desc', text });
  // A long description is folded to two lines; tapping it opens and closes it (vote.js).
  const key = String(p.id);
  const open = !!state.view.expanded[key];
  return el('button', { class: 'ph-card-desc ph-desc-toggle' + (open ? '' : ' is-folded'), type: 'button',
    'data-more': key, 'aria-expanded': open ? 'true' : 'false', text });
}

/** Goal, target, indicator, agency: folded in a native <details> (no script needed to open it). */
function plan(p) {
  const filled = planFields.filter((f) => String(p[f] || '').trim());
  if (!filled.length) return null;
  const rows = filled.flatMap((f) => [el('dt', { class: 'ph-plan-term', text: t(f) }),
    el('dd', { class: 'ph-plan-value', text: String(p[f]).trim() })]);
  return el('details', { class: 'ph-plan' }, [
    el('summary', { class: 'ph-plan-summary', text: t('details') }),
    el('dl', { class: 'ph-plan-list' }, rows),
  ]);
}

/** The card's nodes. opts: fold (long descriptions fold), noWho (no proposer line). */
export function proposalBody(p, opts = {}) {
  const who = [groupLabel(p.group), p.organization].filter(Boolean).join(' · ');
  return [
    tags(p),
    el('h3', { class: 'ph-card-title', text: String(p.title || '') }),
    description(p, opts.fold),
    plan(p),
    who && !opts.noWho ? el('p', { class: 'ph-card-who', text: who }) : null,
  ].filter(Boolean);
}
