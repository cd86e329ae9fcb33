/* The questions for the speakers on the board (#board-questions): the payload's `questions`, when
 * the server sends them (those put on the board first, then the most upvoted open ones), beside
 * the session or instead of it (`questions_mode`). Without `questions` the panel goes. */
import { byId, clear, el, show } from '../common/dom.js';
import { num } from '../common/format.js';
import { catalogue } from '../common/strings.js';

export function createQuestions() {
  const t = catalogue('board-questions-strings');
  const box = byId('board-questions');
  const list = byId('board-qlist');
  let shownKey = '';

  return function renderQuestions(p) {
    const questions = Array.isArray(p.questions) ? p.questions : null;
    const mode = questions ? (p.questions_mode === 'instead' ? 'instead' : 'beside') : 'off';
    document.body.classList.toggle('questions-beside', mode === 'beside');
    document.body.classList.toggle('questions-instead', mode === 'instead');
    show(box, !!questions);
    if (!questions) { shownKey = ''; return; }
    const key = JSON.stringify(questions.map((q) => [q.id, q.votes, q.status, q.text, q.author]));
    if (key === shownKey) return;
    shownKey = key;
    clear(list);
    for (const q of questions) {
      list.appendChild(el('li', { class: 'board-qitem' + (q.status === 'on_board' ? ' is-on-board' : ''),
        dataset: { questionId: String(q.id) } }, [
        el('span', { class: 'board-qvotes', text: q.votes === 1 ? t('vote') : t('votes', { n: num(q.votes) }) }),
        el('div', { class: 'board-qbody' }, [
          el('p', { class: 'board-qtext', text: q.text }),
          el('p', { class: 'board-qwho', text: q.author || t('anonymous') }),
        ]),
      ]));
    }
    show(byId('board-qempty'), questions.length === 0);
  };
}
