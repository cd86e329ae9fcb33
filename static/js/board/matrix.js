/* The Quick Win matrix of a score session on the board (#matrix): value (up) against ease (across),
 * split at the scale's midpoint, the "high value, easy" quadrant named Quick Win. One dot per
 * proposal, labelled with its rank, moved with CSS transforms as scores arrive. The payload's
 * `matrix` (protocol §5.7a) is the truth; this module only caches its nodes. */
import { byId, clear, el, setText } from '../common/dom.js';

const INSET = 0.05;  // share of the plot kept free on each side
const QUADRANTS = [  // [key, column (0 hard, 1 easy), row (0 high value, 1 low)]
  ['major_project', 0, 0], ['quick_win', 1, 0], ['low_priority', 0, 1], ['fill_in', 1, 1],
];

/** The axis's criterion labels, joined: "Dampak, Urgensi". */
function axisText(keys, settings) {
  const labels = new Map(((settings || {}).criteria || []).map((c) => [c.key, c.label]));
  return (keys || []).map((k) => labels.get(k) || k).join(', ');
}

/** The board's matrix; `page.t` gives its words. */
export function createMatrix(page) {
  const t = page.t;
  const root = byId('matrix');
  const plot = el('div', { class: 'board-matrix-plot' });
  for (const [key, col, row] of QUADRANTS) {
    plot.appendChild(el('div', { class: `board-quadrant q-${key} q-c${col} q-r${row}` },
      [el('span', { class: 'board-quadrant-name', text: t(`quadrant_${key}`) })]));
  }
  const dots = el('div', { class: 'board-dots' });
  plot.appendChild(dots);
  const yLabel = el('p', { class: 'board-axis board-axis-y' });
  const xLabel = el('p', { class: 'board-axis board-axis-x' });
  root.append(yLabel, plot, xLabel);
  const nodes = new Map();  // proposal id -> dot

  function dotFor(id) {
    let node = nodes.get(id);
    if (!node) {
      node = el('span', { class: 'board-dot is-new', dataset: { id: String(id) } });
      dots.appendChild(node);
      nodes.set(id, node);
    }
    return node;
  }

  return {
    /** Draws `matrix` (or nothing when it is null) with the session's `settings`; returns how many dots show. */
    render(matrix, settings, titles) {
      if (!matrix) { this.hide(); return 0; }
      root.hidden = false;
      setText(yLabel, t('axis_value', { criteria: axisText(matrix.y, settings) }));
      setText(xLabel, t('axis_ease', { criteria: axisText(matrix.x, settings) }));
      const w = plot.clientWidth;
      const h = plot.clientHeight;
      const lo = matrix.min;
      const span = (matrix.max - matrix.min) || 1;
      const seen = new Set();
      let shown = 0;
      for (const point of matrix.points || []) {
        if (point.x == null || point.y == null) continue;
        seen.add(point.proposal_id);
        const node = dotFor(point.proposal_id);
        setText(node, String(point.rank));
        node.className = `board-dot q-${point.quadrant}` + (point.rank <= 3 ? ' is-top' : '');
        const title = titles.get(point.proposal_id) || '';
        node.setAttribute('title', `${point.rank}. ${title}`);
        // An inset keeps dots on the scale's ends inside the frame (symmetric: the midpoint stays the middle).
        const px = INSET * w + ((point.x - lo) / span) * w * (1 - 2 * INSET);
        const py = INSET * h + (1 - (point.y - lo) / span) * h * (1 - 2 * INSET);
        node.style.transform = `translate(${Math.round(px)}px, ${Math.round(py)}px) translate(-50%, -50%)`;
        node.style.zIndex = String(1000 - point.rank);
        shown += 1;
      }
      for (const [id, node] of nodes) {
        if (!seen.has(id)) { node.remove(); nodes.delete(id); }
      }
      return shown;
    },
    hide() { root.hidden = true; },
    reset() { clear(dots); nodes.clear(); },
  };
}
