/* Paper ballots (.tool-paper, in vote): the facilitator types in a ballot collected on paper, in
 * the shape of the session's method (the method module describes the columns, the controls and
 * the wire form). The table is kept while the active proposals are the same. */
import { clear, el } from '../common/dom.js';
import { wholeNumber } from '../common/format.js';
import { busy, showMessage } from './ui.js';

/** The control of proposal `p` in `column`: a select or a number input, as the method's `spec` says. */
function control(p, column, spec) {
  if (spec.type === 'select') {
    const options = [el('option', { value: '', text: '–' }), ...spec.options.map((n) => el('option', { value: String(n), text: String(n) }))];
    return el('select', { 'data-pid': p.id, 'data-criterion': column.criterion, 'aria-label': p.title + ' · ' + column.label }, options);
  }
  return el('input', { type: 'number', min: spec.min, max: spec.max, step: 1, inputmode: 'numeric', 'data-pid': p.id,
                       'aria-label': p.title });
}

/** The ballot table: one row per proposal, one cell per column. */
function ballotTable(proposals, columns, spec, t) {
  const head = [el('th', { text: t('proposal') }), ...columns.map((c) => el('th', { text: c.label }))];
  const rows = proposals.map((p) => el('tr', {}, [
    el('td', {}, [el('span', { class: 'prop-id', text: '#' + p.id }), ' ', p.title]),
    ...columns.map((c) => el('td', {}, [control(p, c, spec)])),
  ]));
  return el('table', { class: 'paper-ballot' }, [el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]);
}

/** The sum of the whole numbers typed into the table's inputs. */
function typedSum(box) {
  let sum = 0;
  for (const input of box.querySelectorAll('input[data-pid]')) {
    const n = wholeNumber(input.value);
    if (!Number.isNaN(n)) sum += n;
  }
  return sum;
}

/** The table's cells as the method module reads them: [{pid, criterion, value}]. */
function readCells(box) {
  return Array.from(box.querySelectorAll('[data-pid]'), (node) => ({
    pid: node.getAttribute('data-pid'), criterion: node.getAttribute('data-criterion'), value: node.value,
  }));
}

/** Sends the ballot typed into `form` and `box` as one paper ballot; `saved()` after the form is emptied. */
function submitBallot(session, form, box, saved) {
  const { api, t, constants } = session.ctx;
  const message = form.querySelector('.form-message');
  const info = constants.methods[session.data.method] || {};
  const read = session.method().paperBallot(readCells(box), session.data.settings || {}, t, info.wire_key);
  if (read.error) { showMessage(message, read.error, 'error'); return; }
  const body = { name: form.elements.name.value, group: form.elements.group.value,
                 organization: form.elements.organization.value, ballot: read.ballot };
  busy(form.querySelector('button[type="submit"]'), api('POST', '/sessions/' + session.id + '/paper-ballots', body))
    .then((result) => {
      showMessage(message, t('paper_saved', { id: result.participant_id }), 'ok');
      form.elements.name.value = '';
      form.elements.organization.value = '';
      for (const input of form.querySelectorAll('[data-pid]')) input.value = '';
      saved();
    }, (error) => showMessage(message, error.message, 'error'));
}

/** The paper ballot tool of one session view (session.js); isOpen() tells whether it is open. */
export function createPaper(session) {
  const { t, constants } = session.ctx;
  const tool = session.q('.tool-paper');
  const form = session.q('.paper-form');
  const box = session.q('.paper-table');
  let signature = null;          // what the table was last built from

  function total() {
    const node = session.q('.paper-total');
    if (!node) return;
    const sum = typedSum(box);
    const budget = session.method().paperBudget(session.data.settings || {});
    node.textContent = t('paper_total', { n: sum, budget });
    node.classList.toggle('is-error', sum > budget);
  }

  function render() {
    const method = session.method();
    const settings = session.data.settings || {};
    const proposals = (session.proposals || []).filter((p) => p.status === 'active');
    const info = constants.methods[session.data.method] || {};
    session.q('.paper-help').textContent = method.paperHelp(settings, t);
    const columns = method.paperColumns(settings, t, info.label);
    const spec = method.paperControl(settings, constants.score);
    const now = JSON.stringify([session.data.method, columns, spec, proposals.map((p) => [p.id, p.title])]);
    if (now === signature) return;
    signature = now;
    clear(box);
    if (!proposals.length) { box.appendChild(el('p', { class: 'muted', text: t('paper_no_proposals') })); return; }
    box.appendChild(ballotTable(proposals, columns, spec, t));
    if (method.paperBudget(settings) != null) box.appendChild(el('p', { class: 'paper-total muted' }));
    total();
  }

  tool.addEventListener('toggle', () => {
    if (!tool.open) return;
    if (session.proposals) render(); else session.refreshProposals();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitBallot(session, form, box, () => { total(); session.resultsChanged(); });
  });
  form.addEventListener('input', total);
  const renderInVote = () => {
    if (session.proposals && tool.open && session.data.phase === 'vote') render();
  };
  session.on('state', renderInVote);
  session.on('proposals', renderInVote);

  return { isOpen: () => tool.open };
}
