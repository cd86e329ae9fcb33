/* Waiting (no session yet, or a draft): who I joined as, and what comes next. Owns #view-wait. */
import { byId, setText, show } from '../common/dom.js';
import { groupLabel, t } from './context.js';
import { state } from './state.js';

export function renderWait() {
  const p = state.participant || {};
  setText(byId('wait-name'), p.name || '');
  setText(byId('wait-group'), [groupLabel(p.group), p.organization].filter(Boolean).join(' · '));
  const snap = state.snap;
  const next = snap && snap.session_id !== null && snap.session_id !== undefined && snap.title;
  setText(byId('wait-next'), next ? t('next_session', { title: snap.title }) : '');
  show(byId('wait-next'), !!next);
}
