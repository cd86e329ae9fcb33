/* The participant's phone page (templates/phone.html). The join screen loads first and alone
 * (the page's first load stays small on a venue's hotspot); the live screens (live.js and what it
 * imports) load while the person types their name, or at once when this phone has joined before.
 * Their URLs come from the template (#phone-app data-live-modules), fetched side by side. */
import { byId, el, setText, show } from '../common/dom.js';
import { groupLabel, t } from './context.js';
import { initJoin, joinWithBadge, showJoin } from './join.js';
import { state } from './state.js';

const app = byId('phone-app');
let preloaded = false;

/** Fetch every live module in parallel (no import waterfall); they run when live.js is imported. */
function preloadLive() {
  if (preloaded) return;
  preloaded = true;
  for (const href of (app.dataset.liveModules || '').split(' ').filter(Boolean)) {
    document.head.appendChild(el('link', { rel: 'modulepreload', href }));
  }
}

function renderMe() {
  const p = state.participant;
  const line = byId('me-line');
  if (p) setText(line, [p.name, groupLabel(p.group)].filter(Boolean).join(' · '));
  show(line, !!p);
}

async function startLive() {
  show(byId('join-screen'), false);
  show(byId('live-screen'), true);
  renderMe();
  preloadLive();
  try {
    (await import('./live.js')).startLive();
  } catch (e) {
    // The live screens could not load (the network went away right after joining).
    setText(byId('instruction'), t('network_error'));
    throw e;
  }
}

/** A badge's ticket in the address (?t=...), taken out of it at once: a reload must not reuse it,
 * and the address bar should not show it. */
function badgeTicket() {
  const params = new URLSearchParams(window.location.search);
  const ticket = params.get('t');
  if (ticket === null) return '';
  params.delete('t');
  const rest = params.toString();
  window.history.replaceState(null, '', window.location.pathname + (rest ? '?' + rest : '') + window.location.hash);
  return ticket.trim();
}

show(byId('boot'), false);
initJoin(startLive);
byId('join-form').addEventListener('focusin', preloadLive, { once: true });
const badge = badgeTicket();
if (state.participant) startLive();     // joined before on this phone: resume, whatever the badge
else if (badge) { preloadLive(); joinWithBadge(badge, startLive); }
else showJoin('', null);
