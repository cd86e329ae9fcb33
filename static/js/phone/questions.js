/* Questions for the speakers on the phone (#questions-box, opened by the Ask button in the bar):
 * in any phase, send a question (named or anonymous) and upvote others'. The list is the
 * server's: `question:list` when the panel opens (and after a reconnect), then `questions:update`
 * pushes; what this phone asked and upvoted comes from the list's ack and the later acks. A
 * replayed ask with the same client_id returns the first question, so a resend is harmless. */
import { byId, clear, el, setText, show } from '../common/dom.js';
import { catalogue } from '../common/strings.js';
import { state } from './state.js';

const t = catalogue('questions-strings');
const mine = new Set();
const voted = new Set();
let questions = [];
let open = false;
let pending = null;     // the question being sent: {text, anonymous, client_id}

const workshopId = () => state.participant && state.participant.workshop_id;
const socket = () => state.socket;

function newClientId() {
  return 'q-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
}

function upvoteButton(question) {
  const pressed = voted.has(question.id);
  const button = el('button', { type: 'button', class: 'ph-upvote', 'aria-pressed': pressed ? 'true' : 'false',
    'aria-label': t('upvote', { n: question.votes }) }, [
    el('span', { class: 'ph-upvote-arrow', 'aria-hidden': 'true', text: '▲' }),
    el('span', { class: 'ph-upvote-count', text: String(question.votes) })]);
  button.addEventListener('click', () => vote(question, !pressed));
  return button;
}

function render() {
  const list = byId('questions-list');
  clear(list);
  for (const question of questions) {
    const who = question.author || t('anonymous');
    const tags = [who, mine.has(question.id) ? t('mine') : '', question.status === 'on_board' ? t('on_board') : '']
      .filter(Boolean).join(' · ');
    list.appendChild(el('li', { class: 'ph-qitem', dataset: { questionId: String(question.id) } }, [
      upvoteButton(question),
      el('div', { class: 'ph-qbody' }, [el('p', { class: 'ph-qtext', text: question.text }),
        el('p', { class: 'ph-qmeta', text: tags })]),
    ]));
  }
  show(byId('questions-empty'), questions.length === 0);
}

function take(list) {
  if (!list || list.workshop_id !== workshopId() || !Array.isArray(list.questions)) return;
  questions = list.questions;
  if (Array.isArray(list.voted)) { voted.clear(); list.voted.forEach((id) => voted.add(id)); }
  if (Array.isArray(list.mine)) list.mine.forEach((id) => mine.add(id));
  render();
}

function load() {
  const s = socket();
  if (s && s.connected && workshopId()) s.emit('question:list', { workshop_id: workshopId() }, take);
}

function vote(question, up) {
  const s = socket();
  if (!s) return;
  if (up) voted.add(question.id); else voted.delete(question.id);
  question.votes = Math.max(0, question.votes + (up ? 1 : -1));
  render();
  s.emit('question:vote', { question_id: question.id, up }, (ack) => {
    if (ack && ack.ok) question.votes = ack.votes;
    else { load(); if (ack && ack.error) showError(ack.error.message); }
    render();
  });
}

function showError(message) {
  const node = byId('ask-error');
  setText(node, message || '');
  show(node, !!message);
}

function send(event) {
  event.preventDefault();
  const text = byId('ask-text').value.trim();
  if (!text) { showError(t('empty')); return; }
  const s = socket();
  if (!s) return;
  if (!pending || pending.text !== text) {
    pending = { text, anonymous: byId('ask-anonymous').checked, client_id: newClientId() };
  }
  const button = byId('ask-send');
  button.disabled = true;
  showError('');
  // Buffered by Socket.IO while offline; a replay of the same client_id returns the same question.
  s.emit('question:ask', { workshop_id: workshopId(), ...pending }, (ack) => {
    button.disabled = false;
    if (!ack || !ack.ok) { showError(ack && ack.error ? ack.error.message : ''); return; }
    pending = null;
    mine.add(ack.question.id);
    byId('ask-text').value = '';
    if (!questions.some((q) => q.id === ack.question.id)) questions.push(ack.question);
    render();
  });
}

function toggle() {
  open = !open;
  const box = byId('questions-box');
  show(box, open);
  byId('questions-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
  if (open) { load(); box.scrollIntoView({ block: 'start' }); byId('ask-text').focus(); }
}

/** Wire the Ask button and the form (once). */
export function initQuestions() {
  byId('questions-toggle').addEventListener('click', toggle);
  byId('ask-form').addEventListener('submit', send);
  render();
}

/** Follow the pushes of a (new) socket; list again after every reconnect while the panel is open. */
export function watchQuestions(s) {
  if (!s) return;
  s.on('questions:update', take);
  s.on('connect', () => { if (open) load(); });
}
