/* Duplicate hints (.dup-box in the review list): while proposals arrive (collect, review), the
 * groups of likely duplicates the server finds (GET /sessions/{id}/duplicates), each with a
 * one-click merge into its best-written proposal (the first id) through the usual merge API, and
 * "not duplicates" to set a group aside on this page. Reloaded, throttled, whenever the
 * moderation list is. */
import { clear, el } from '../common/dom.js';
import { throttled } from './api.js';
import { findProposal } from './proposalrow.js';
import { busy } from './ui.js';

const REFRESH_MIN_MS = 3000;     // at most one grouping every three seconds, however fast proposals come
const HINT_PHASES = ['collect', 'review'];
const SNIPPET = 60;              // characters of the best title in a group's line

export function createDuplicates(session) {
  const { api, t } = session.ctx;
  const box = session.q('.dup-box');
  const list = session.q('.dup-list');
  const dismissed = new Set();   // groups set aside: their sorted ids, joined
  let groups = [];

  const active = () => HINT_PHASES.includes(session.data.phase);
  const signature = (group) => group.proposal_ids.slice().sort((a, b) => a - b).join(',');
  const titleOf = (id) => {
    const p = findProposal(session.proposals || [], id);
    return p ? p.title : '#' + id;
  };

  function load() {
    if (!active()) { groups = []; render(); return Promise.resolve(); }
    return api('GET', '/sessions/' + session.id + '/duplicates').then((answer) => {
      groups = answer.groups || [];
      render();
    }, () => { /* a hint: the next refresh tries again */ });
  }
  const refresh = throttled(load, REFRESH_MIN_MS);

  function merge(group, button) {
    const [into, ...others] = group.proposal_ids;
    let chain = Promise.resolve();
    for (const id of others) chain = chain.then(() => api('POST', '/proposals/' + id + '/merge', { into }));
    busy(button, chain).then(() => {
      session.notice(t('merged_done', { n: others.length, title: titleOf(into) }), 'ok');
    }, session.fail).then(() => session.loadProposals()).then(load);
  }

  function groupItem(group) {
    const [best, ...others] = group.proposal_ids;
    const bestTitle = titleOf(best);
    const short = bestTitle.length > SNIPPET ? bestTitle.slice(0, SNIPPET - 1) + '…' : bestTitle;
    const mergeButton = el('button', { type: 'button', class: 'primary dup-merge',
      text: t('dup_merge', { title: short }) });
    mergeButton.addEventListener('click', () => merge(group, mergeButton));
    const ignore = el('button', { type: 'button', class: 'dup-ignore', text: t('dup_ignore') });
    ignore.addEventListener('click', () => { dismissed.add(signature(group)); render(); });
    return el('li', { class: 'dup-group', dataset: { ids: group.proposal_ids.join(' ') } }, [
      el('p', { class: 'dup-line', text: t('dup_group', { n: group.proposal_ids.length, title: short }) }),
      el('ul', { class: 'dup-members' }, [
        el('li', { class: 'dup-best' }, ['#' + best + ' ' + bestTitle + ' ', el('span', { class: 'muted', text: t('dup_keep') })]),
        ...others.map((id) => el('li', { text: '#' + id + ' ' + titleOf(id) })),
      ]),
      el('div', { class: 'dup-actions' }, [mergeButton, ignore]),
    ]);
  }

  function render() {
    const shown = active() ? groups.filter((g) => !dismissed.has(signature(g))) : [];
    clear(list);
    for (const group of shown) list.appendChild(groupItem(group));
    box.hidden = shown.length === 0;
  }

  session.on('proposals', () => { if (active()) refresh(); else render(); });
  session.on('state', () => { if (active()) { if (session.proposals) refresh(); } else render(); });
}
