/* A session as the method modules read it: the `session:state` snapshot's method, settings and
 * proposals, with the server's defaults (page data `constants`) where a setting is missing.
 * Pure (no DOM), so node --test can build one from plain objects. */
import { METHODS, methodFor } from './index.js';

/** Every method's default settings in one object (constants.methods[key].defaults, merged). */
function defaultSettings(constants) {
  const methods = (constants && constants.methods) || {};
  return Object.assign({}, ...Object.values(methods).map((m) => (m && m.defaults) || {}));
}

/**
 * The session a method module's functions take as `session`:
 * {id, method (a known key), wireKey, settings: {dots_per_participant, max_dots_per_proposal,
 * points_budget, rank_size, max_choices, max_words, criteria: [{key, label, weight}], options: [{key, label,
 * proposal_id}]}, proposals, proposalIds (Set of
 * string ids), score: {min, max}}. `snapshot` is a `session:state`; `constants` the page's.
 */
export function sessionRules(snapshot, constants = {}) {
  const snap = snapshot || {};
  const module = methodFor(snap.method);
  const method = Object.keys(METHODS).find((key) => METHODS[key] === module);
  const raw = (snap.settings && typeof snap.settings === 'object') ? snap.settings : {};
  const defaults = defaultSettings(constants);
  const settings = {};
  for (const name of Object.keys({ ...defaults, ...raw })) {
    if (name === 'criteria' || name === 'options') continue;
    const value = raw[name];
    settings[name] = typeof value === 'number' && value >= 0 ? value : defaults[name];
  }
  settings.criteria = (Array.isArray(raw.criteria) ? raw.criteria : [])
    .filter((c) => c && typeof c.key === 'string' && c.key);
  settings.options = (Array.isArray(raw.options) ? raw.options : [])
    .filter((o) => o && typeof o.key === 'string' && o.key && o.proposal_id != null);
  const proposals = Array.isArray(snap.proposals) ? snap.proposals : [];
  const info = (constants.methods && constants.methods[method]) || {};
  const score = constants.score || {};
  return {
    id: snap.session_id === undefined ? null : snap.session_id,
    method,
    wireKey: info.wire_key,
    settings,
    proposals,
    proposalIds: new Set(proposals.map((p) => String(p.id))),
    score: { min: score.min, max: score.max },
  };
}
