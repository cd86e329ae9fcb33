/* Merging near-duplicates (.merge-bar): with two or more proposals ticked in the review list,
 * choose the one to keep and merge the others into it (ballots move with them). */
import { clear, el } from '../common/dom.js';
import { busy } from './ui.js';

export function createMerge(session) {
  const { api, t, constants } = session.ctx;
  const choose = session.q('.merge-choose');
  const select = session.q('.merge-survivor');
  const button = session.q('.merge-button');
  const picked = session.local.picked;
  const byId = (id) => (session.proposals || []).find((p) => p.id === id);

  function render() {
    const can = constants.merge_phases.includes(session.data.phase);
    const ids = Array.from(picked).sort((a, b) => a - b);
    choose.hidden = !can || ids.length < 2;
    if (choose.hidden) return;
    const current = parseInt(select.value, 10);
    const keep = ids.includes(current) ? current : ids[0];
    clear(select);
    for (const id of ids) {
      const p = byId(id);
      select.appendChild(el('option', { value: id, text: '#' + id + ' ' + (p ? p.title : ''), selected: id === keep }));
    }
    button.textContent = t('merge_n', { n: ids.length - 1 });
  }

  function merge() {
    const into = parseInt(select.value, 10);
    const others = Array.from(picked).filter((id) => id !== into);
    const survivor = byId(into);
    let chain = Promise.resolve();
    for (const id of others) {
      chain = chain.then(() => api('POST', '/proposals/' + id + '/merge', { into }).then(() => { picked.delete(id); }));
    }
    busy(button, chain).then(() => {
      picked.clear();
      session.notice(t('merged_done', { n: others.length, title: survivor ? survivor.title : '#' + into }), 'ok');
    }, session.fail).then(() => session.loadProposals());
  }

  button.addEventListener('click', merge);
  session.q('.merge-clear').addEventListener('click', () => {
    picked.clear();
    session.emit('proposals');
  });
  for (const event of ['state', 'proposals', 'picked']) session.on(event, render);
}
