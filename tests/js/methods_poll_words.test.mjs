// The quick poll and word cloud method modules (static/js/methods/poll.js, words.js) and the
// board's word cloud layout (static/js/board/cloud.js): local ballots against the server's rules
// (workshop/voting/methods.py), wire forms, taps, result rows. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { METHODS, methodFor } from '../../static/js/methods/index.js';
import { sessionRules } from '../../static/js/methods/session.js';
import { catalogue } from '../../static/js/common/strings.js';
import { cloudWords, sizeStep } from '../../static/js/board/cloud.js';

const CONSTANTS = {
  methods: {
    dots: { wire_key: 'dots', defaults: { dots_per_participant: 5, max_dots_per_proposal: 3 } },
    poll: { wire_key: 'choices', defaults: { max_choices: 1 } },
    words: { wire_key: 'words', defaults: { max_words: 3 } },
  },
  score: { min: 1, max: 5 },
};
const OPTIONS = [{ key: 'pagi', label: 'Pagi', proposal_id: 11 }, { key: 'siang', label: 'Siang', proposal_id: 12 },
  { key: 'sore', label: 'Sore', proposal_id: 13 }];
const t = catalogue({ phase_vote_poll_one: 'Choose one answer', phase_vote_poll: 'Choose up to %(n)s answers',
  phase_vote_words: 'Send up to %(n)s words', words_rule: 'bigger: more people', balanced_sum_rule: 'balanced',
  poll_one: 'one answer each', poll_each: '%(n)s answers each', words_each: 'up to %(n)s words each',
  paper_empty: 'empty', paper_number: 'whole numbers', paper_help_words: 'no paper' });

function poll(settings = {}) {
  return sessionRules({ session_id: 3, method: 'poll', settings: { options: OPTIONS, ...settings },
    proposals: OPTIONS.map((o) => ({ id: o.proposal_id, title: o.label, dimension: '' })) }, CONSTANTS);
}
function words(settings = {}) {
  return sessionRules({ session_id: 4, method: 'words', settings, proposals: [] }, CONSTANTS);
}

test('poll and words have the same exports as every method module', () => {
  const names = (m) => Object.keys(m).sort();
  for (const key of ['poll', 'words']) assert.deepEqual(names(METHODS[key]), names(METHODS.dots), key);
  assert.equal(methodFor('poll'), METHODS.poll);
  assert.equal(methodFor('words'), METHODS.words);
});

test('poll: the wire names options by key, the local ballot by proposal id', () => {
  const s = poll({ max_choices: 2 });
  const m = METHODS.poll;
  assert.equal(s.settings.max_choices, 2);
  assert.deepEqual(m.fromWire({ choices: ['sore', 'pagi', 'sore', 'malam'] }, s), ['13', '11']);
  assert.deepEqual(m.toWire(['13', '11'], s), { choices: ['sore', 'pagi'] });
  assert.deepEqual(m.prune(['99', '12', '11', '13'], s), ['12', '11']);
  assert.equal(poll().settings.max_choices, 1);
});

test('poll: check mirrors the server (too many, not an option, duplicates)', () => {
  const s = poll({ max_choices: 2 });
  const { check } = METHODS.poll;
  assert.equal(check([], s), null);
  assert.equal(check(['11', '12'], s), null);
  assert.deepEqual(check(['11', '12', '13'], s), { code: 'too_many_choices', params: { max: 2 } });
  assert.equal(check(['99'], s).code, 'unknown_option');
  assert.deepEqual(check(['11', '11'], s), { code: 'duplicate_choice', params: {} });
  assert.equal(check('11', s).code, 'invalid_ballot');
});

test('poll: one answer works as a radio button; several stop at max_choices', () => {
  const m = METHODS.poll;
  const one = poll();
  assert.deepEqual(m.step([], { pollToggle: '11', pid: '11' }, one, 1).local, ['11']);
  assert.deepEqual(m.step(['11'], { pollToggle: '12', pid: '12' }, one, 0).local, ['12']);
  assert.deepEqual(m.step(['11'], { pollToggle: '11', pid: '11' }, one, 0).local, []);
  const two = poll({ max_choices: 2 });
  assert.deepEqual(m.step(['11'], { pollToggle: '12', pid: '12' }, two, 1).local, ['11', '12']);
  assert.equal(m.step(['11', '12'], { pollToggle: '13', pid: '13' }, two, 0), null);
  assert.equal(m.step([], { pid: '11' }, two, 2), null);
  assert.equal(m.remaining(['11'], two), 1);
  assert.equal(m.marked(['11'], '11'), true);
});

test('poll: result rows and lines', () => {
  const m = METHODS.poll;
  assert.equal(m.resultLayout(), 'bars');
  assert.equal(m.voteLine({ max_choices: 1 }, t), 'Choose one answer');
  assert.equal(m.voteLine({ max_choices: 3 }, t), 'Choose up to 3 answers');
  assert.equal(m.settingsLine({ max_choices: 2 }, t), '2 answers each');
  assert.equal(m.resultFigure({ score: 4 }), 4);
  const paper = m.paperBallot([{ pid: 11, value: '1' }, { pid: 12, value: '' }, { pid: 13, value: '1' }],
    { options: OPTIONS }, t, 'choices');
  assert.deepEqual(paper, { ballot: { choices: ['pagi', 'sore'] } });
  assert.deepEqual(m.paperBallot([{ pid: 11, value: '2' }], { options: OPTIONS }, t, 'choices'), { error: 'whole numbers' });
});

test('words: blank inputs are not sent; check mirrors the server', () => {
  const s = words({ max_words: 2 });
  const m = METHODS.words;
  assert.deepEqual(m.toWire(['  banjir ', '', 'jalan   rusak'], s), { words: ['banjir', 'jalan rusak'] });
  assert.deepEqual(m.fromWire({ words: ['Banjir', 3] }, s), ['Banjir']);
  assert.equal(m.check(['banjir', ''], s), null);
  assert.deepEqual(m.check(['a', 'b', 'c'], s), { code: 'too_many_words', params: { max: 2 } });
  assert.deepEqual(m.check(['x'.repeat(41)], s), { code: 'word_too_long', params: { max: 40 } });
  assert.equal(m.check([' '.repeat(50) + 'x'], s), null);   // trimmed first, as the server does
  assert.equal(m.used(['a', ' ', 'b']), 2);
  assert.equal(m.remaining(['a'], s), 1);
  assert.equal(m.marked(['a'], '1'), false);
});

test('words: a keystroke replaces the ballot with what the inputs say', () => {
  const s = words();
  const m = METHODS.words;
  assert.deepEqual(m.step([], { values: ['ban', '', ''] }, s, 3).local, ['ban', '', '']);
  assert.equal(m.step(['ban', '', ''], { values: ['ban', '', ''] }, s, 2), null);
  assert.equal(m.step([], { pid: '1' }, s, 3), null);
  assert.deepEqual(m.step([], { values: ['a', 'b', 'c', 'd'] }, s, 3).local, ['a', 'b', 'c']);
});

test('words: the board draws a cloud; sizes in six steps; order by first mention', () => {
  const m = METHODS.words;
  assert.equal(m.resultLayout(), 'cloud');
  assert.equal(m.voteLine({ max_words: 3 }, t), 'Send up to 3 words');
  assert.equal(m.ruleLine({}, { balanced: false }, t), 'bigger: more people');
  assert.equal(sizeStep(10, 10), 6);
  assert.equal(sizeStep(1, 1000), 1);
  assert.equal(sizeStep(0, 0), 1);
  const rows = [{ proposal_id: 9, title: 'banjir', score: 8 }, { proposal_id: 2, title: 'macet', score: 2 },
    { proposal_id: 5, title: 'nol', score: 0 }];
  const drawn = cloudWords(rows, m);
  assert.deepEqual(drawn.map((w) => [w.id, w.word, w.step]), [[2, 'macet', 4], [9, 'banjir', 6]]);
  // The same rows give the same cloud (no random placement).
  assert.deepEqual(cloudWords(rows, m), drawn);
});
