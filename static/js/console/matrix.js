/* The Quick Win matrix of a score session in the results tool (.results-matrix): value (up) against
 * ease (across), split at the scale's midpoint, overall or for one stakeholder group. The SVG is
 * built with DOM calls. Clicking a dot (or Enter on it) shows the proposal with "flag as Quick
 * Win" (the masterplan field `quick_win`, PATCH /proposals/{id}); the axes are chosen among the
 * session's criteria (PATCH /sessions/{id} `matrix_axes`). The server's `matrix` is the truth. */
import { clear, el } from '../common/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const SIZE = 400;   // the plot's side, in SVG units
const PAD = 36;     // room for the axis names
const INSET = 16;   // free room inside the frame on each side
const QUADRANTS = [['major_project', 0, 0], ['quick_win', 1, 0], ['low_priority', 0, 1], ['fill_in', 1, 1]];

function svg(tag, attrs, children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children || []) node.appendChild(child);
  return node;
}

function axisPicker(t, criteria, name, chosen) {
  return el('fieldset', { class: 'matrix-axis', dataset: { axis: name } }, [
    el('legend', { text: t(name === 'y' ? 'matrix_value' : 'matrix_ease') }),
    ...criteria.map((c) => el('label', { class: 'check' }, [
      el('input', { type: 'checkbox', value: c.key, checked: chosen.includes(c.key) }), ' ' + c.label])),
  ]);
}

/** One proposal's dot, numbered by rank; `onPick()` when clicked or chosen with Enter or Space. */
function dot(t, p, row, picked, transform, onPick) {
  const label = t('matrix_dot', { rank: p.rank, title: row.title || '' });
  const node = svg('g', { class: 'mx-dot' + (row.quick_win ? ' is-flagged' : '') + (picked ? ' is-picked' : ''),
                          transform, tabindex: 0, role: 'button', 'aria-label': label, 'data-pid': p.proposal_id }, [
    svg('title', { text: label }), svg('circle', { r: 13 }),
    svg('text', { 'text-anchor': 'middle', dy: '0.35em', text: String(p.rank) })]);
  node.addEventListener('click', onPick);
  node.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(); } });
  return node;
}

/** The plot: four quadrants split at the midpoint, a dot per placed proposal, the axes' names. */
function plot(view, matrix, points, rows) {
  const { t, criteria, picked, onPick, titleId } = view;
  const lo = matrix.min, span = (matrix.max - matrix.min) || 1;
  // An inset keeps dots on the scale's ends inside the frame.
  const at = (v) => INSET + (v - lo) / span * (SIZE - 2 * INSET);
  const mid = at(matrix.midpoint);
  const body = [];
  for (const [key, col, row] of QUADRANTS) {
    const x = col ? mid : 0, y = row ? SIZE - mid : 0;
    const w = col ? SIZE - mid : mid, h = row ? mid : SIZE - mid;
    body.push(svg('rect', { class: 'mx-q mx-' + key, x, y, width: w, height: h }));
    body.push(svg('text', { class: 'mx-qname' + (key === 'quick_win' ? ' mx-qw' : ''), x: col ? SIZE - 6 : 6,
                            y: row ? SIZE - 8 : 18, 'text-anchor': col ? 'end' : 'start', text: t('quadrant_' + key) }));
  }
  for (const p of points) {
    if (p.x == null || p.y == null) continue;
    const where = `translate(${at(p.x).toFixed(1)} ${(SIZE - at(p.y)).toFixed(1)})`;
    body.push(dot(t, p, rows.get(p.proposal_id) || {}, picked === p.proposal_id, where, () => onPick(p.proposal_id)));
  }
  const names = (keys) => keys.map((k) => (criteria.find((c) => c.key === k) || {}).label || k).join(', ');
  return svg('svg', { class: 'matrix-svg', viewBox: `${-PAD} -4 ${SIZE + PAD + 4} ${SIZE + PAD + 4}`,
                      'aria-labelledby': titleId }, [
    svg('g', {}, body),
    svg('rect', { class: 'mx-frame', x: 0, y: 0, width: SIZE, height: SIZE }),
    svg('text', { class: 'mx-axis', x: SIZE / 2, y: SIZE + 24, 'text-anchor': 'middle',
                  text: t('matrix_ease_axis', { criteria: names(matrix.x) }) }),
    svg('text', { class: 'mx-axis', x: -10, y: SIZE / 2, 'text-anchor': 'middle', transform: `rotate(-90 -10 ${SIZE / 2})`,
                  text: t('matrix_value_axis', { criteria: names(matrix.y) }) }),
  ]);
}

/** The picked proposal, with "flag as Quick Win". */
function detail(session, reload, point, row) {
  if (!point || !row) return null;
  const { api, t, numbers } = session.ctx;
  const flag = el('button', { type: 'button', class: 'matrix-flag', text: row.quick_win ? t('matrix_unflag') : t('matrix_flag') });
  flag.addEventListener('click', () => {
    flag.disabled = true;
    api('PATCH', '/proposals/' + row.proposal_id, { quick_win: !row.quick_win }).then(() => {
      session.notice(row.quick_win ? t('matrix_unflagged') : t('matrix_flagged'));
      return reload();
    }, (error) => { flag.disabled = false; session.fail(error); });
  });
  return el('div', { class: 'matrix-detail', role: 'region', 'aria-label': t('proposal') }, [
    el('p', {}, [el('strong', { text: row.rank + '. ' + row.title }),
                 row.quick_win ? el('span', { class: 'tag', text: ' ' + t('quadrant_quick_win') }) : null]),
    row.description ? el('p', { class: 'small', text: row.description }) : null,
    el('p', { class: 'small muted', text: t('matrix_position', {
      quadrant: point.quadrant ? t('quadrant_' + point.quadrant) : '–',
      x: numbers.maybe(point.x), y: numbers.maybe(point.y) }) }),
    flag]);
}

/** The matrix part of session `session`'s results tool; `reload()` fetches the results again. */
export function createMatrix(session, reload) {
  const { api, t, groups } = session.ctx;
  let group = '';          // '' overall, else a group key
  let picked = null;       // the proposal id whose detail shows
  let ticked = null;       // axes ticked but not applied yet, {x, y}: kept when an update redraws
  let last = null;
  const box = el('div', { class: 'results-matrix' });
  const criteria = () => (session.data.settings || {}).criteria || [];

  function groupChoice() {
    const choice = el('select', { class: 'matrix-group', 'aria-label': t('matrix_group') }, [
      el('option', { value: '', text: t('matrix_all'), selected: group === '' }),
      ...groups.map((g) => el('option', { value: g.key, text: g.label, selected: group === g.key }))]);
    choice.addEventListener('change', () => { group = choice.value; draw(); });
    return choice;
  }

  function axesBar(matrix) {
    const shown = ticked || matrix;
    const ypick = axisPicker(t, criteria(), 'y', shown.y), xpick = axisPicker(t, criteria(), 'x', shown.x);
    const keys = (f) => Array.from(f.querySelectorAll('input:checked')).map((i) => i.value);
    // Every board update redraws the matrix (up to ten a second while votes come in): ticks not
    // applied yet survive it.
    for (const pick of [xpick, ypick]) pick.addEventListener('change', () => { ticked = { x: keys(xpick), y: keys(ypick) }; });
    const apply = el('button', { type: 'button', class: 'matrix-apply', text: t('matrix_apply') });
    apply.addEventListener('click', () => {
      apply.disabled = true;
      api('PATCH', '/sessions/' + session.id, { matrix_axes: { x: keys(xpick), y: keys(ypick) } })
        .then(() => { ticked = null; return reload(); }, session.fail).then(() => { apply.disabled = false; });
    });
    return el('div', { class: 'matrix-bar' }, [groupChoice(), ypick, xpick, apply]);
  }

  function draw() {
    clear(box);
    if (!last || !last.matrix) { box.hidden = true; return; }
    box.hidden = false;
    const matrix = last.matrix;
    const rows = new Map((last.results || []).map((r) => [r.proposal_id, r]));
    const points = group ? ((matrix.groups || {})[group] || []) : matrix.points;
    const view = { t, criteria: criteria(), picked, titleId: 'mx-title-' + session.id,
                   onPick: (id) => { picked = id; draw(); } };
    const point = points.filter((p) => p.quadrant).find((p) => p.proposal_id === picked)
      || points.find((p) => p.proposal_id === picked);
    box.append(
      el('h4', { id: view.titleId, text: t('matrix_title') }),
      el('p', { class: 'muted small', text: t('matrix_help') }),
      axesBar(matrix),
      el('div', { class: 'matrix-body' }, [
        plot(view, matrix, points, rows),
        detail(session, reload, point, rows.get(picked)) || el('p', { class: 'muted small matrix-hint', text: t('matrix_pick') })]));
  }

  return {
    node: box,
    /** Draws the matrix of `result` (the API's results; none for other methods). */
    render(result) { last = result; draw(); },
  };
}
