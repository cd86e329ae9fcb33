// The result-row side of the method modules (static/js/methods): what the board and the console
// show for a row of each method. Run with: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { METHODS, methodFor } from '../../static/js/methods/index.js';
import { numbers } from '../../static/js/common/format.js';
import { catalogue } from '../../static/js/common/strings.js';

const id = numbers('id');
const en = numbers('en');
const range = { min: 1, max: 5 };
// Keys as in the board's and the console's string blocks (English texts).
const t = catalogue({
  phase_vote: 'Vote: %(n)s dots per person', phase_vote_other: 'Cast your votes',
  phase_vote_points: 'Share out %(n)s points', phase_vote_score: 'Score every proposal 1–5',
  phase_vote_rank: 'Rank your top %(n)s proposals', max_per_proposal: 'at most %(n)s dots per proposal',
  borda_rule: '1st place = %(n)s points', score_rule: 'mean score 1–5',
  balanced_sum_rule: 'figures: each group\'s average per voter', balanced_score_rule: 'figures: mean of the groups\' scores',
  dots_each: '%(dots)s dots each, at most %(cap)s on one proposal', points_each: '%(n)s points each',
  score_each: 'each proposal scored 1–5 on %(n)s criteria', rank_each: 'each participant ranks their top %(n)s',
  paper_help_dots: 'Dots: %(budget)s in all, at most %(cap)s on one.', paper_help_points: 'Points: %(budget)s in all.',
  paper_help_score: 'A score from 1 to 5 per criterion.', paper_help_rank: 'Position 1 to %(k)s.',
  position: 'Position', paper_empty: 'empty', paper_number: 'whole numbers', paper_positions: 'positions 1 to %(k)s',
});
const CRITERIA = [
  { key: 'dampak', label: 'Dampak', weight: 1 }, { key: 'urgensi', label: 'Urgensi', weight: 1 },
  { key: 'kelayakan', label: 'Kelayakan', weight: 1 }, { key: 'biaya', label: 'Efisiensi biaya', weight: 1 },
];
const SETTINGS = { dots_per_participant: 5, max_dots_per_proposal: 3, points_budget: 100, rank_size: 5, criteria: CRITERIA };

// Rows in the shape of board:update `results` and `balanced` (docs/protocol.md §7.6, §5.7).
const DOTS_ROW = { rank: 1, proposal_id: 1, title: 'Digitalisasi layanan perizinan', dimension: 'governance', score: 8,
  voters: 4, detail: { dots: 8 }, merged_count: 1 };
const DOTS_BALANCED = { ...DOTS_ROW, score: 9.333 };
const POINTS_ROW = { rank: 1, proposal_id: 3, title: 'Pasar daring', score: 14500, voters: 3, detail: { points: 14500 } };
const POINTS_BALANCED = { ...POINTS_ROW, score: 37.25 };
const SCORE_ROW = { rank: 1, proposal_id: 2, title: 'Satu data', score: 4.25, voters: 2,
  detail: { criteria_means: { dampak: 4.5, urgensi: 4, kelayakan: 4, biaya: null } } };
const SCORE_NOBODY = { rank: 2, proposal_id: 5, title: 'Wifi', score: 0, voters: 0,
  detail: { criteria_means: { dampak: null, urgensi: null, kelayakan: null, biaya: null } } };
const RANK_ROW = { rank: 1, proposal_id: 4, title: 'Bank sampah', score: 9, voters: 3, detail: { borda: 9, first_choices: 1 } };

test('every method module has the same exports', () => {
  const names = (m) => Object.keys(m).sort();
  for (const key of ['points', 'score', 'rank']) assert.deepEqual(names(METHODS[key]), names(METHODS.dots), key);
  assert.equal(methodFor('nope'), METHODS.dots);
  assert.equal(methodFor('score'), METHODS.score);
});

test('dots: whole dots, averages when balanced, bars relative to the best row', () => {
  const m = methodFor('dots');
  assert.equal(m.resultFigure(DOTS_ROW), 8);
  assert.equal(m.resultFigure({}), 0);
  assert.equal(m.resultText(DOTS_ROW, id, { balanced: false }), '8');
  assert.equal(m.resultText(DOTS_BALANCED, id, { balanced: true }), '9,3');
  assert.equal(m.resultText({ ...DOTS_ROW, score: 0 }, id, { balanced: true }), '0');
  assert.equal(m.resultText({ ...DOTS_ROW, score: 0.4 }, en, {}), '0.4');
  assert.equal(m.resultMax([8, 6, 8, 0], range), 8);
  assert.equal(m.resultMax([], range), 0);
  assert.equal(m.resultGroupText(2.667, id), '2,7');
  assert.equal(m.resultCriteria(SETTINGS), null);
  assert.deepEqual(m.resultCriteriaFigures(DOTS_ROW, []), []);
  assert.equal(m.resultDetail(DOTS_ROW, SETTINGS, id), '');
});

test('dots: the board lines and the console summary', () => {
  const m = methodFor('dots');
  assert.equal(m.voteLine(SETTINGS, t, id), 'Vote: 5 dots per person');
  assert.equal(m.voteLine({}, t, id), 'Cast your votes');
  assert.equal(m.capLine(SETTINGS, 'vote', t), 'at most 3 dots per proposal');
  assert.equal(m.capLine(SETTINGS, 'closed', t), '');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'vote', balanced: false }, t), 'at most 3 dots per proposal');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'closed', balanced: false }, t), '');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'vote', balanced: true }, t), 'figures: each group\'s average per voter');
  assert.equal(m.settingsLine(SETTINGS, t), '5 dots each, at most 3 on one proposal');
});

test('points: thousands grouped, averages when balanced', () => {
  const m = methodFor('points');
  assert.equal(m.resultText(POINTS_ROW, id, { balanced: false }), '14.500');
  assert.equal(m.resultText(POINTS_ROW, en, { balanced: false }), '14,500');
  assert.equal(m.resultText(POINTS_BALANCED, id, { balanced: true }), '37');
  assert.equal(m.resultMax([14500, 70], range), 14500);
  assert.equal(m.resultDetail(POINTS_ROW, SETTINGS, id), '');
  assert.equal(m.voteLine({ points_budget: 1000 }, t, id), 'Share out 1.000 points');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'vote', balanced: false }, t), '');
  assert.equal(m.capLine(SETTINGS, 'vote', t), '');
  assert.equal(m.settingsLine(SETTINGS, t), '100 points each');
});

test('score: one decimal on a fixed 0-5 scale, criteria means in the detail', () => {
  const m = methodFor('score');
  assert.equal(m.resultFigure(SCORE_ROW), 4.25);
  assert.equal(m.resultText(SCORE_ROW, id, { balanced: false }), '4,3');
  assert.equal(m.resultText(SCORE_ROW, en, { balanced: true }), '4.3');
  assert.equal(m.resultText(SCORE_NOBODY, id, {}), '\u2013');
  assert.equal(m.resultMax([4.25, 1], range), 5);
  assert.equal(m.resultGroupText(3, id), '3,0');
  assert.deepEqual(m.resultCriteria(SETTINGS).map((c) => c.key), ['dampak', 'urgensi', 'kelayakan', 'biaya']);
  assert.deepEqual(m.resultCriteria({}), []);
  assert.deepEqual(m.resultCriteriaFigures(SCORE_ROW, CRITERIA), [4.5, 4, 4, null]);
  assert.equal(m.resultDetail(SCORE_ROW, SETTINGS, id), 'Dampak 4,5 · Urgensi 4,0 · Kelayakan 4,0 · Efisiensi biaya \u2013');
  assert.equal(m.resultDetail(SCORE_NOBODY, { criteria: CRITERIA.slice(0, 1) }, en), 'Dampak \u2013');
  assert.equal(m.voteLine(SETTINGS, t, id), 'Score every proposal 1–5');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'vote', balanced: false }, t), 'mean score 1–5');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'vote', balanced: true }, t), 'figures: mean of the groups\' scores');
  assert.equal(m.settingsLine(SETTINGS, t), 'each proposal scored 1–5 on 4 criteria');
});

test('rank: Borda points as whole numbers, the Borda rule line', () => {
  const m = methodFor('rank');
  assert.equal(m.resultFigure(RANK_ROW), 9);
  assert.equal(m.resultText(RANK_ROW, id, { balanced: false }), '9');
  assert.equal(m.resultText({ ...RANK_ROW, score: 5.5 }, id, { balanced: true }), '5,5');
  assert.equal(m.resultMax([9, 4, 1], range), 9);
  assert.equal(m.resultCriteria(SETTINGS), null);
  assert.equal(m.resultDetail(RANK_ROW, SETTINGS, id), '');
  assert.equal(m.voteLine(SETTINGS, t, id), 'Rank your top 5 proposals');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'closed', balanced: false }, t), '1st place = 5 points');
  assert.equal(m.ruleLine(SETTINGS, { phase: 'closed', balanced: true }, t), 'figures: each group\'s average per voter');
  assert.equal(m.settingsLine(SETTINGS, t), 'each participant ranks their top 5');
});

test('paper ballots: help, columns, controls and the wire shape of each method', () => {
  const cells = (values) => values.map(([pid, value, criterion]) => ({ pid, value, criterion }));
  const dots = methodFor('dots');
  assert.equal(dots.paperHelp(SETTINGS, t), 'Dots: 5 in all, at most 3 on one.');
  assert.deepEqual(dots.paperColumns(SETTINGS, t, 'Titik'), [{ label: 'Titik' }]);
  assert.deepEqual(dots.paperControl(SETTINGS, range), { type: 'number', min: 0, max: 3 });
  assert.equal(dots.paperBudget(SETTINGS), 5);
  assert.deepEqual(dots.paperBallot(cells([['1', '2'], ['2', ''], ['3', '0']]), SETTINGS, t, 'dots'),
    { ballot: { dots: { 1: 2 } } });
  assert.deepEqual(dots.paperBallot(cells([['1', '1.5']]), SETTINGS, t, 'dots'), { error: 'whole numbers' });
  assert.deepEqual(dots.paperBallot(cells([['1', '0']]), SETTINGS, t, 'dots'), { error: 'empty' });

  const points = methodFor('points');
  assert.deepEqual(points.paperControl(SETTINGS, range), { type: 'number', min: 0, max: 100 });
  assert.equal(points.paperBudget(SETTINGS), 100);
  assert.deepEqual(points.paperBallot(cells([['7', ' 60 '], ['8', '40']]), SETTINGS, t, 'points'),
    { ballot: { points: { 7: 60, 8: 40 } } });

  const score = methodFor('score');
  assert.deepEqual(score.paperColumns(SETTINGS, t, 'Skor').map((c) => c.criterion), ['dampak', 'urgensi', 'kelayakan', 'biaya']);
  assert.deepEqual(score.paperControl(SETTINGS, range), { type: 'select', options: [1, 2, 3, 4, 5] });
  assert.equal(score.paperBudget(SETTINGS), null);
  assert.deepEqual(score.paperBallot(cells([['1', '5', 'dampak'], ['1', '', 'urgensi'], ['2', '3', 'biaya']]), SETTINGS, t, 'scores'),
    { ballot: { scores: { 1: { dampak: 5 }, 2: { biaya: 3 } } } });
  assert.deepEqual(score.paperBallot(cells([['1', '', 'dampak']]), SETTINGS, t, 'scores'), { error: 'empty' });

  const rank = methodFor('rank');
  assert.deepEqual(rank.paperColumns(SETTINGS, t, 'Peringkat'), [{ label: 'Position' }]);
  assert.deepEqual(rank.paperControl(SETTINGS, range), { type: 'number', min: 1, max: 5 });
  assert.equal(rank.paperBudget(SETTINGS), null);
  assert.deepEqual(rank.paperBallot(cells([['4', '2'], ['9', '1'], ['5', '']]), SETTINGS, t, 'ranking'),
    { ballot: { ranking: [9, 4] } });
  assert.deepEqual(rank.paperBallot(cells([['4', '1'], ['9', '1']]), SETTINGS, t, 'ranking'), { error: 'positions 1 to 5' });
  assert.deepEqual(rank.paperBallot(cells([['4', '6']]), SETTINGS, t, 'ranking'), { error: 'positions 1 to 5' });
  assert.deepEqual(rank.paperBallot(cells([['4', '']]), SETTINGS, t, 'ranking'), { error: 'empty' });
});
