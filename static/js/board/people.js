/* The people panel: participants joined, in all and a small bar per stakeholder group (the rows
 * are in the template, one per group). */
import { byId, qa, setText } from '../common/dom.js';
import { num } from '../common/format.js';

export function createPeople(t) {
  const total = byId('people-total');
  const label = byId('people-label');
  const rows = new Map(qa('[data-group]', byId('groups')).map((li) => [li.getAttribute('data-group'), {
    fill: li.querySelector('.board-group-fill'), n: li.querySelector('.board-group-n'),
  }]));

  /** Draws board:update `participants` ({total, by_group}). */
  return function render(people) {
    const n = num(people.total);
    setText(total, n);
    setText(label, n === 1 ? t('participants_one') : t('participants_other'));
    const by = people.by_group || {};
    let max = 0;
    rows.forEach((_, key) => { max = Math.max(max, num(by[key])); });
    rows.forEach((row, key) => {
      const k = num(by[key]);
      setText(row.n, k);
      row.fill.style.width = max > 0 ? (100 * k / max).toFixed(1) + '%' : '0%';
    });
  };
}
