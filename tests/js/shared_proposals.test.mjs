// The phone's side of the shared proposal list (protocol §7.2a): a small session:state and the
// session:proposals list it names make the whole snapshot an old phone gets. Run with: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { complete } from '../../static/js/phone/shared.js';

const p = (id, extra = {}) => ({ id, session_id: 7, title: 'Usulan ' + id, dimension: 'governance', merged_count: 0, ...extra });
const base = { session_id: 7, title: 'Prioritas', phase: 'vote', method: 'dots', revealed: false, ballot: { dots: {} } };

test('a state without a version is already whole (an old-shape push)', () => {
  const whole = { ...base, proposals: [p(1, { mine: false })] };
  assert.equal(complete(whole, null), whole);
});

test('the list with the own proposals in their place, in id order, is the old snapshot', () => {
  const list = { session_id: 7, version: 'aaaaaaaaaaaaaaaa', proposals: [p(1), p(2), p(3)] };
  const raw = { ...base, proposals_version: 'aaaaaaaaaaaaaaaa', proposals: [p(2, { mine: true, client_id: 'c2' })] };
  assert.deepEqual(complete(raw, list), {
    ...base, proposals: [p(1, { mine: false }), p(2, { mine: true, client_id: 'c2' }), p(3, { mine: false })] });
  assert.equal(list.proposals[0].mine, undefined);  // the list itself is left as received
});

test('while collecting the list is empty and the phone lists its own', () => {
  const list = { session_id: 7, version: 'bbbbbbbbbbbbbbbb', proposals: [] };
  const own = [p(4, { mine: true, client_id: 'c4' }), p(5, { mine: true, client_id: 'c5' })];
  const raw = { ...base, phase: 'collect', proposals_version: 'bbbbbbbbbbbbbbbb', proposals: own };
  assert.deepEqual(complete(raw, list).proposals, own);
});

test('revealed results come from the list', () => {
  const results = [{ rank: 1, proposal_id: 1, title: 'Usulan 1', score: 3 }];
  const list = { session_id: 7, version: 'cccccccccccccccc', proposals: [p(1)], results };
  const snap = complete({ ...base, revealed: true, proposals_version: 'cccccccccccccccc', proposals: [] }, list);
  assert.deepEqual(snap.results, results);
  assert.equal('proposals_version' in snap, false);
});

test('no session: no list needed', () => {
  const raw = { session_id: null, phase: null, proposals: [], proposals_version: null };
  assert.deepEqual(complete(raw, null), { session_id: null, phase: null, proposals: [] });
});

test('a list of another version or session does not complete the state', () => {
  const raw = { ...base, proposals_version: 'dddddddddddddddd', proposals: [] };
  assert.equal(complete(raw, { session_id: 7, version: 'eeeeeeeeeeeeeeee', proposals: [] }), null);
  assert.equal(complete(raw, { session_id: 8, version: 'dddddddddddddddd', proposals: [] }), null);
  assert.equal(complete(raw, null), null);
});
