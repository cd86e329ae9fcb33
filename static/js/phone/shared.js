/* The shared proposal list (protocol §7.2a), put together with the phone's own part. The phone
 * opts in at connect (link.js, `auth.shared_proposals: 1`): each session:state then carries only
 * its own proposals and `proposals_version`, and session:proposals carries the list everyone sees,
 * once. The screens read the whole snapshot as before. No DOM here (tests/js run it in node). */

/**
 * The whole snapshot (protocol §7.2) from a small session:state and the shared list it names:
 * the list's proposals as everyone sees them (`mine: false`), this phone's own in their place, in
 * id order; the revealed results from the list. A state without `proposals_version` is already
 * whole. Null when the state names a list this phone does not hold.
 */
export function complete(raw, list) {
  if (!raw || typeof raw !== 'object' || !('proposals_version' in raw)) return raw;
  const { proposals_version: version, ...snap } = raw;
  const own = Array.isArray(raw.proposals) ? raw.proposals : [];
  if (version === null) return { ...snap, proposals: own };
  const same = list && list.session_id === raw.session_id && list.version === version;
  if (!same) return null;
  const byId = new Map(list.proposals.map((p) => [p.id, { ...p, mine: false }]));
  for (const p of own) byId.set(p.id, p);
  snap.proposals = [...byId.values()].sort((a, b) => a.id - b.id);
  if (list.results) snap.results = list.results;
  return snap;
}

