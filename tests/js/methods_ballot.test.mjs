// The method modules' phone side (static/js/methods): local ballots, their check against the
// server's rules (workshop/voting/methods.py), the wire form and taps. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { METHODS, methodFor } from '../../static/js/methods/index.js';
import { sessionRules } from '../../static/js/methods/session.js';

// What page data's `constants` carries for the methods (workshop/web/pagedata.py).
const CONSTANTS = {
  methods: {
    dots: { wire_key: 'dots', defaults: { dots_per_participant: 5, max_dots_per_proposal: 3 } },
    points: { wire_key: 'points', defaults: { points_budget: 100 } },
    score: { wire_key: 'scores', defaults: {} },
    rank: { wire_key: 'ranking', defaults: { rank_size: 5 } },
  },
  score: { min: 1, max: 5 },
};
const CRITERIA = [{ key: 'dampak', label: 'Dampak', weight: 2 }, { key: 'biaya', label: 'Biaya', weight: 1 }];

function session(method, settings = {}, ids = [1, 2, 3]) {
  return sessionRules({ session_id: 7, method, settings: { criteria: CRITERIA, ...settings },
    proposals: ids.map((id) => ({ id, title: 'P' + id, dimension: 'economy' })) }, CONSTANTS);
}

const EXPORTS = ['emptyBallot', 'fromWire', 'toWire', 'prune', 'check', 'used', 'remaining', 'marked', 'step',
  'labels', 'summary', 'renderPinned', 'renderControl', 'phoneResult'];

test('every method module has the same phone-side exports', () => {
  for (const [key, module] of Object.entries(METHODS)) {
    for (const name of EXPORTS) assert.equal(typeof module[name], 'function', `${key}.${name}`);
  }
  assert.equal(methodFor('nonsense'), METHODS.dots);
});

test('sessionRules: the server\'s defaults fill missing settings; unknown methods count as dots', () => {
  const s = sessionRules({ method: 'points', settings: {}, proposals: [{ id: 4 }] }, CONSTANTS);
  assert.equal(s.settings.points_budget, 100);
  assert.equal(s.settings.dots_per_participant, 5);
  assert.equal(s.wireKey, 'points');
  assert.deepEqual([...s.proposalIds], ['4']);
  assert.equal(sessionRules({ method: 'x' }, CONSTANTS).method, 'dots');
  assert.equal(sessionRules({ method: 'dots', settings: { dots_per_participant: 8 } }, CONSTANTS)
    .settings.dots_per_participant, 8);
});

test('dots: check within budget, over budget, over cap, unknown proposal', () => {
  const s = session('dots', { dots_per_participant: 5, max_dots_per_proposal: 3 });
  const { check } = METHODS.dots;
  assert.equal(check({}, s), null);
  assert.equal(check({ 1: 3, 2: 2 }, s), null);
  assert.deepEqual(check({ 1: 3, 2: 3 }, s), { code: 'over_budget', params: { budget: 5, unit: 'dots' } });
  assert.deepEqual(check({ 1: 4 }, s), { code: 'over_cap', params: { cap: 3 } });
  assert.equal(check({ 99: 1 }, s).code, 'unknown_proposal');
  assert.equal(check({ 1: 1.5 }, s).code, 'invalid_ballot');
  assert.equal(check({ 1: -1 }, s).code, 'invalid_ballot');
});

test('points: check within budget, over budget, no cap, unknown proposal', () => {
  const s = session('points', { points_budget: 100 });
  const { check } = METHODS.points;
  assert.equal(check({ 1: 100 }, s), null);
  assert.equal(check({ 1: 60, 2: 40 }, s), null);
  assert.deepEqual(check({ 1: 60, 2: 41 }, s), { code: 'over_budget', params: { budget: 100, unit: 'points' } });
  assert.equal(check({ 7: 1 }, s).code, 'unknown_proposal');
});

test('score: check range, criteria, unknown proposal; x.5 from a merge is in range', () => {
  const s = session('score');
  const { check } = METHODS.score;
  assert.equal(check({ 1: { dampak: 5, biaya: 1 } }, s), null);
  assert.equal(check({ 1: { dampak: 4.5 } }, s), null);
  assert.deepEqual(check({ 1: { dampak: 6 } }, s), { code: 'score_out_of_range', params: { min: 1, max: 5 } });
  assert.deepEqual(check({ 1: { dampak: 0 } }, s), { code: 'score_out_of_range', params: { min: 1, max: 5 } });
  assert.equal(check({ 1: { urgensi: 3 } }, s).code, 'unknown_criterion');
  assert.equal(check({ 9: { dampak: 3 } }, s).code, 'unknown_proposal');
});

test('rank: check size, duplicates, unknown proposal', () => {
  const s = session('rank', { rank_size: 2 });
  const { check } = METHODS.rank;
  assert.equal(check(['1', '2'], s), null);
  assert.deepEqual(check(['1', '2', '3'], s), { code: 'ranking_too_long', params: { size: 2 } });
  assert.equal(check(['1', '1'], s).code, 'duplicate_in_ranking');
  assert.equal(check(['5'], s).code, 'unknown_proposal');
  assert.equal(check({}, s).code, 'invalid_ballot');
});

test('toWire and fromWire round trips in the server\'s wire shapes', () => {
  const cases = {
    dots: [{ 1: 2, 3: 1 }, { dots: { 1: 2, 3: 1 } }],
    points: [{ 2: 55 }, { points: { 2: 55 } }],
    score: [{ 1: { dampak: 4, biaya: 2 } }, { scores: { 1: { dampak: 4, biaya: 2 } } }],
    rank: [['3', '1'], { ranking: [3, 1] }],
  };
  for (const [key, [local, wire]] of Object.entries(cases)) {
    const m = METHODS[key];
    const s = session(key);
    assert.deepEqual(m.toWire(local, s), wire, key);
    assert.deepEqual(m.fromWire(wire, s), local, key);
    assert.deepEqual(m.fromWire(m.toWire(local, s), s), local, key);
    assert.deepEqual(m.fromWire(null, s), m.emptyBallot(s), key);
    assert.deepEqual(m.fromWire({ other: 1 }, s), m.emptyBallot(s), key);
  }
});

test('fromWire drops junk; score toWire rounds a merged x.5 into the range', () => {
  assert.deepEqual(METHODS.dots.fromWire({ dots: { 1: 0, 2: 'x', 3: 2 } }, session('dots')), { 3: 2 });
  assert.deepEqual(METHODS.rank.fromWire({ ranking: [2, 2, 1] }, session('rank')), ['2', '1']);
  assert.deepEqual(METHODS.score.toWire({ 1: { dampak: 4.5 } }, session('score')), { scores: { 1: { dampak: 5 } } });
});

test('prune keeps listed proposals, known criteria and the rank size', () => {
  assert.deepEqual(METHODS.dots.prune({ 1: 1, 9: 2 }, session('dots')), { 1: 1 });
  assert.deepEqual(METHODS.score.prune({ 1: { dampak: 3, old: 2 }, 2: { old: 1 } }, session('score')), { 1: { dampak: 3 } });
  assert.deepEqual(METHODS.rank.prune(['9', '3', '2', '1'], session('rank', { rank_size: 2 })), ['3', '2']);
});

test('remaining: the server\'s word plus the change since, else the budget less what is used', () => {
  const s = session('dots');
  assert.equal(METHODS.dots.remaining({ 1: 2 }, s), 3);
  assert.equal(METHODS.dots.remaining({ 1: 2 }, s, { ballot: { 1: 1 }, remaining: 2 }), 1);
  assert.equal(METHODS.points.remaining({ 1: 30 }, session('points')), 70);
  assert.equal(METHODS.rank.remaining(['1'], session('rank', { rank_size: 3 })), 2);
  assert.equal(METHODS.score.remaining({ 1: { dampak: 3 } }, session('score')), null);
});

test('step: dots stay within the cap and the budget', () => {
  const s = session('dots', { dots_per_participant: 5, max_dots_per_proposal: 3 });
  const { step } = METHODS.dots;
  assert.deepEqual(step({}, { pid: '1', delta: '1' }, s, 5).local, { 1: 1 });
  assert.equal(step({ 1: 3 }, { pid: '1', delta: '1' }, s, 2), null);        // cap
  assert.equal(step({ 1: 2, 2: 3 }, { pid: '1', delta: '1' }, s, 0), null);  // budget
  assert.deepEqual(step({ 1: 1 }, { pid: '1', delta: '-1' }, s, 4).local, {});
  assert.equal(step({}, { pid: '1', delta: '-1' }, s, 5), null);
  assert.equal(step({}, { pid: '99', delta: '1' }, s, 5), null);           // unknown proposal
});

test('step: points move by steps, give what is left, clamp a typed number', () => {
  const s = session('points', { points_budget: 100 });
  const { step } = METHODS.points;
  assert.deepEqual(step({}, { pid: '1', delta: '5' }, s, 100).local, { 1: 5 });
  assert.deepEqual(step({ 2: 97 }, { pid: '1', delta: '5' }, s, 3).local, { 1: 3, 2: 97 });
  assert.deepEqual(step({ 1: 3 }, { pid: '1', delta: '-5' }, s, 97).local, {});
  const typed = step({ 1: 10 }, { pid: '1', value: '500' }, s, 20);
  assert.deepEqual(typed.local, { 1: 30 });
  assert.deepEqual(typed.note, { key: 'points_clamped', params: { n: 30 } });
  assert.equal(typed.value, 30);
  assert.equal(step({}, { pid: '1', value: '40' }, s, 100).note, null);
});

test('step: a score is given, changed and taken back; out of range does nothing', () => {
  const s = session('score');
  const { step } = METHODS.score;
  const one = step({}, { pid: '1', criterion: 'dampak', score: '4' }, s, null).local;
  assert.deepEqual(one, { 1: { dampak: 4 } });
  assert.deepEqual(step(one, { pid: '1', criterion: 'dampak', score: '4' }, s, null).local, {});
  assert.equal(step({}, { pid: '1', criterion: 'dampak', score: '6' }, s, null), null);
  assert.equal(step({}, { pid: '1', criterion: 'urgensi', score: '3' }, s, null), null);
});

test('step: rank adds within the size, removes, moves', () => {
  const s = session('rank', { rank_size: 2 });
  const { step } = METHODS.rank;
  assert.deepEqual(step([], { pid: '1', rankAdd: '1' }, s, 2).local, ['1']);
  assert.equal(step(['1', '2'], { pid: '3', rankAdd: '3' }, s, 0), null);
  assert.equal(step(['1'], { pid: '1', rankAdd: '1' }, s, 1), null);
  assert.deepEqual(step(['1', '2'], { pid: '1', rankRemove: '1' }, s, 0).local, ['2']);
  const moved = step(['1', '2'], { pid: '2', rankMove: '-1' }, s, 0);
  assert.deepEqual(moved.local, ['2', '1']);
  assert.equal(moved.focus.length, 2);
  assert.equal(step(['1', '2'], { pid: '1', rankMove: '-1' }, s, 0), null);
});

test('summary and labels speak through the catalogue', () => {
  const t = (key, params) => key + (params ? JSON.stringify(params) : '');
  const dots = METHODS.dots.summary({ 1: 5 }, session('dots'), 0, t);
  assert.equal(dots.empty, true);
  assert.equal(dots.hint, 'dots_used_up');
  assert.deepEqual(dots.dots, { on: 0, count: 5 });
  const rank = METHODS.rank.summary([], session('rank', { rank_size: 5 }, [1, 2]), 5, t);
  assert.equal(rank.text, 'rank_left{"n":2}');
  assert.equal(METHODS.points.labels(session('points'), t).instruction, 'instr_vote_points{"n":100}');
  const score = METHODS.score.summary({ 1: { dampak: 2 } }, session('score'), null, t);
  assert.deepEqual(score.meter, { value: 1, max: 3, label: 'scored_count{"n":1,"m":3}' });
});
