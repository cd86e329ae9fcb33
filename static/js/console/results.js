/* A session's results (.tool-results): the ranking from the API, overall or balanced across
 * groups, with each criterion's mean (score sessions) and each group's figure, and where the
 * groups disagree most, and for score sessions the Quick Win matrix (matrix.js). */
import { clear, el } from '../common/dom.js';
import { methodFor } from '../methods/index.js';
import { throttled } from './api.js';
import { createMatrix } from './matrix.js';

const REFRESH_MIN_MS = 1000;

export function createResults(session) {
  const { api, t, numbers, groups, groupLabels } = session.ctx;
  const tool = session.q('.tool-results');
  const modes = session.qa('.results-mode');
  const matrix = createMatrix(session, () => load());
  session.q('.results-disagreements').after(matrix.node);

  function table(result, balanced) {
    const criteria = methodFor(result.method).resultCriteria(session.data.settings || {}) || [];
    const voters = result.group_voters || {};
    const shown = groups.filter((g) => voters[g.key] > 0);
    const head = [el('th', { text: t('rank') }), el('th', { text: t('proposal') }), el('th', { class: 'num', text: t('score') }),
                  el('th', { class: 'num', text: t('voters') })];
    if (balanced) head.push(el('th', { class: 'num', text: t('overall_rank') }));
    for (const c of criteria) head.push(el('th', { class: 'num crit', text: c.label }));
    for (const g of shown) head.push(el('th', { class: 'num group', text: g.label + ' (' + voters[g.key] + ')' }));
    const rows = (result.results || []).map((r) => {
      const cells = [el('td', { class: 'rank', text: String(r.rank) }),
                     el('td', {}, [r.title, ' ', el('span', { class: 'dim-chip ' + session.ctx.dimClass(r.dimension),
                                                              text: session.ctx.dimLabels.get(r.dimension) || '' })]),
                     el('td', { class: 'num score', text: numbers.maybe(r.score) }), el('td', { class: 'num', text: String(r.voters) })];
      if (balanced) cells.push(el('td', { class: 'num', text: String(r.overall_rank) }));
      for (const figure of methodFor(result.method).resultCriteriaFigures(r, criteria)) {
        cells.push(el('td', { class: 'num crit', text: numbers.maybe(figure) }));
      }
      const byGroup = (balanced ? r.by_group_balanced : r.by_group) || {};
      for (const g of shown) cells.push(el('td', { class: 'num group', text: numbers.maybe(byGroup[g.key]) }));
      return el('tr', { 'data-pid': r.proposal_id }, cells);
    });
    return el('table', { class: 'results' }, [el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]);
  }

  function disagreements(list) {
    return [el('h4', { text: t('disagreements') }), el('ul', {}, list.map((d) => {
      const parts = Object.keys(d.by_group || {}).map((key) => (groupLabels.get(key) || key) + ' ' + numbers.maybe(d.by_group[key]));
      return el('li', {}, [el('strong', { text: d.title }),
                           ' · ' + t('spread', { n: numbers.maybe(d.spread) }) + ' (' + parts.join(' · ') + ')']);
    }))];
  }

  function render(result) {
    const balanced = !!result.balanced;
    session.q('.results-help').textContent = (balanced ? t('results_help_balanced') : t('results_help_overall')) +
      (result.voters ? '' : ' ' + t('no_votes'));
    const box = session.q('.results-table');
    clear(box);
    box.appendChild(table(result, balanced));
    const spread = session.q('.results-disagreements');
    clear(spread);
    if ((result.disagreements || []).length) for (const node of disagreements(result.disagreements)) spread.appendChild(node);
    matrix.render(result);
  }

  function load() {
    const mode = session.local.resultsMode;
    for (const button of modes) button.setAttribute('aria-pressed', button.getAttribute('data-mode') === mode ? 'true' : 'false');
    return api('GET', '/sessions/' + session.id + '/results' + (mode === 'balanced' ? '?balance=groups' : '')).then((result) => {
      // A mode switched while this loaded: the newer request draws.
      if ((session.local.resultsMode === 'balanced') === (mode === 'balanced')) render(result);
    }, session.fail);
  }
  const refresh = throttled(load, REFRESH_MIN_MS);

  tool.addEventListener('toggle', () => { if (tool.open) refresh(); });
  for (const button of modes) {
    button.addEventListener('click', () => {
      session.local.resultsMode = button.getAttribute('data-mode');
      refresh();
    });
  }
  session.q('.results-refresh').addEventListener('click', refresh);

  return { refreshIfOpen() { if (tool.open) refresh(); } };
}
