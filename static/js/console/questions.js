/* Questions for the speakers (#questions, templates/console/_questions.html): every question of the
 * workshop, most upvoted first, with hide / mark answered / put on the board, and where the board
 * shows them. Reloaded (throttled) on every board:update of the workshop, which the server sends
 * after each question, vote and status change; polled while the socket is down. */
import { byId, clear, el, q } from '../common/dom.js';
import { catalogue } from '../common/strings.js';
import { throttled } from './api.js';
import { busy, showMessage } from './ui.js';

const REFRESH_MIN_MS = 1000;
const POLL_MS = 5000;

/** The actions a question in `status` offers: [label key, new status]. */
function actions(status) {
  if (status === 'open') return [['on_board', 'on_board'], ['answered', 'answered'], ['hide', 'hidden']];
  if (status === 'on_board') return [['off_board', 'open'], ['answered', 'answered'], ['hide', 'hidden']];
  return [['reopen', 'open']];
}

export function createQuestions(ctx, socket) {
  const box = byId('questions');
  if (!box) return;
  const t = catalogue('questions-strings');
  const list = byId('questions-list');
  const empty = byId('questions-empty');
  const mode = byId('questions-board');
  const message = q('.q-message', box);
  const base = '/workshops/' + ctx.workshopId + '/questions';

  function item(question) {
    const who = question.author || t('anonymous');
    const group = question.group ? ctx.groupLabels.get(question.group) || question.group : '';
    const buttons = actions(question.status).map(([label, status]) => {
      const button = el('button', { type: 'button', class: 'q-' + label, text: t(label) });
      button.addEventListener('click', () => {
        busy(button, ctx.api('PATCH', '/questions/' + question.id, { status }))
          .then(load, (e) => showMessage(message, e.message, 'error'));
      });
      return button;
    });
    return el('li', { class: 'q-item q-' + question.status, dataset: { questionId: String(question.id) } }, [
      el('span', { class: 'q-votes', text: question.votes === 1 ? t('vote') : t('votes', { n: question.votes }) }),
      el('div', { class: 'q-body' }, [
        el('p', { class: 'q-text', text: question.text }),
        el('p', { class: 'muted small q-meta', text: [who, group, t('status_' + question.status)].filter(Boolean).join(' · ') }),
        el('div', { class: 'q-actions' }, buttons),
      ]),
    ]);
  }

  function render(answer) {
    clear(list);
    for (const question of answer.questions) list.appendChild(item(question));
    empty.hidden = answer.questions.length > 0;
    if (document.activeElement !== mode) mode.value = answer.board;
  }

  function load() {
    return ctx.api('GET', base).then(render, () => { /* the next refresh tries again */ });
  }
  const refresh = throttled(load, REFRESH_MIN_MS);

  mode.addEventListener('change', () => {
    ctx.api('PATCH', base, { board: mode.value }).then((answer) => {
      render(answer);
      showMessage(message, t('board_saved'), 'ok');
    }, (e) => showMessage(message, e.message, 'error'));
  });

  load();
  if (socket) {
    socket.on('connect', () => socket.emit('board:watch', { workshop_id: ctx.workshopId }, () => refresh()));
    socket.on('board:update', (payload) => { if (payload && payload.workshop_id === ctx.workshopId) refresh(); });
  }
  setInterval(() => { if (!socket || !socket.connected) load(); }, POLL_MS);
}
