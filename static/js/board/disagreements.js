/* Where the groups disagree (#disagree, in the legend's place): a small table, one column per
 * proposal (at most three), one row per group that voted, each cell a mini bar with the group's
 * figure. Rebuilt only when its content changes, and then at most once per REORDER_MIN_MS like
 * any reorder. */
import { byId, el, replaceChildren, show } from '../common/dom.js';
import { REORDER_MIN_MS } from './keyed.js';

/** The panel; `page` gives groups, groupLabels, dimClass, numbers, locale and constants. */
export function createDisagreements(page, schedule) {
  const box = byId('disagree');
  let shown = { sig: null, at: 0 };

  function cell(d, g, method, max, dim) {
    const v = (d.by_group || {})[g];
    const has = v != null && Number.isFinite(Number(v));
    const ratio = has && max > 0 ? Math.min(1, Math.max(0, Number(v)) / max) : 0;
    const bar = el('span', { class: 'board-disagree-bar', hidden: !has });
    bar.style.width = (ratio * 100).toFixed(1) + '%';
    return el('td', { class: dim }, [
      el('span', { class: 'board-disagree-track' }, [bar]),
      el('span', { class: 'board-disagree-n', text: has ? method.resultGroupText(Number(v), page.numbers) : '\u2013' }),
    ]);
  }

  function table(list, groups, method, dims) {
    // Bars share one scale per proposal (its most convinced group is full), or the method's own.
    const maxes = list.map((d) => method.resultMax(groups.map((g) => (d.by_group || {})[g]), page.constants.score));
    const dimOf = (d) => page.dimClass(dims.get(d.proposal_id));
    const head = el('tr', {}, [
      el('th', { class: 'board-disagree-heading', scope: 'col', text: page.t('disagree_title') }),
      ...list.map((d) => el('th', { scope: 'col', class: 'board-disagreement ' + dimOf(d), 'data-proposal': String(d.proposal_id) },
        [el('span', { class: 'board-disagree-title', text: d.title != null ? d.title : '' })])),
    ]);
    const rows = groups.map((g) => el('tr', {}, [
      el('th', { scope: 'row', text: page.groupLabels.get(g) || g }),
      ...list.map((d, i) => cell(d, g, method, maxes[i], dimOf(d))),
    ]));
    return el('table', { class: 'board-disagree-table' }, [
      el('colgroup', {}, [el('col', { class: 'board-disagree-col-group' }), ...list.map(() => el('col'))]),
      el('thead', {}, [head]), el('tbody', {}, rows),
    ]);
  }

  return {
    /** Forget what was drawn (another session). */
    reset() { shown = { sig: null, at: 0 }; },
    /** Shows or hides the panel; the body's has-disagree class gives it the legend's room. */
    show(visible) {
      show(box, visible);
      document.body.classList.toggle('has-disagree', visible);
    },
    /** Draws p.disagreements (rows of `results` give their dimensions). */
    render(p, method, results, now, force) {
      const list = p.disagreements.slice(0, 3).filter((d) => d && d.proposal_id != null);
      const sig = JSON.stringify([p.method, list, page.groups.length, page.locale]);
      if (sig === shown.sig) return;
      if (shown.sig !== null && !force && now - shown.at < REORDER_MIN_MS) {
        schedule(REORDER_MIN_MS - (now - shown.at));
        return;
      }
      shown = { sig, at: now };
      const dims = new Map();
      for (const r of results) if (r) dims.set(r.proposal_id, r.dimension);
      const present = new Set();
      for (const d of list) for (const g of Object.keys(d.by_group || {})) present.add(g);
      const groups = page.groups.filter((g) => present.has(g));
      present.forEach((g) => { if (!groups.includes(g)) groups.push(g); });
      replaceChildren(box, [table(list, groups, method, dims)]);
    },
  };
}
