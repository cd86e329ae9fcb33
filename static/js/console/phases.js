/* A session's phase buttons and reveal controls: one click moves the phase (phones and board
 * follow), shows or hides the results; [data-show-in] parts follow the phase. */
import { busy } from './ui.js';

export function createPhases(session) {
  const { api, t, constants } = session.ctx;
  const toggle = session.q('.reveal-toggle');
  const boardHidden = session.q('.board-hidden');

  function sendReveal(revealed, control) {
    busy(control, api('POST', '/sessions/' + session.id + '/reveal', { revealed, board_hidden: boardHidden.checked }))
      .then(session.take, (error) => {
        session.apply();
        session.fail(error);
      });
  }

  for (const form of session.qa('form.phase-form')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form.querySelector('button'), api('POST', '/sessions/' + session.id + '/phase', { phase: form.elements.phase.value }))
        .then((result) => {
          session.data.phase = result.phase;
          session.data.revealed = result.revealed;
          session.ctx.setCurrent(result.current_session_id);
          session.apply();
          session.refreshProposals();
          session.resultsChanged();
        }, session.fail);
    });
  }
  toggle.addEventListener('click', (event) => sendReveal(!session.data.revealed, event.currentTarget));
  boardHidden.addEventListener('change', (event) => sendReveal(session.data.revealed, event.currentTarget));

  session.on('state', () => {
    const d = session.data;
    for (const button of session.qa('button.phase')) {
      const active = button.getAttribute('data-phase') === d.phase;
      button.classList.toggle('active', active);
      button.setAttribute('aria-pressed', active ? 'true' : 'false');
    }
    for (const node of session.qa('[data-show-in]')) {
      node.hidden = !node.getAttribute('data-show-in').split(' ').includes(d.phase);
    }
    session.section.classList.toggle('can-merge', constants.merge_phases.includes(d.phase));
    toggle.textContent = d.revealed ? t('hide_results') : t('show_results');
    toggle.classList.toggle('primary', !d.revealed);
    toggle.setAttribute('aria-pressed', d.revealed ? 'true' : 'false');
    boardHidden.checked = !!d.board_hides_results;
    session.q('.reveal-status').textContent = d.revealed ? t('results_shown')
      : (d.board_hides_results ? t('results_hidden_all') : t('results_hidden_phones'));
  });

  return {
    /** The section's highlight and its "live on phones" badge. */
    markCurrent(current) {
      session.section.classList.toggle('current', current);
      const badge = session.q('.live-badge');
      if (badge) badge.hidden = !current;
    },
  };
}
