// static/js/common/tables.js: tables (meja) as the phone, the board and the console show them.
// Run with: node --test tests/js/ (tests/unit/test_javascript.py runs it in the suite).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { findTable, needsTable, originName, seatCounts, tableFromQuery, tableId, tableLabel }
  from '../../static/js/common/tables.js';

const TABLES = [
  { id: 4, name: 'Meja 1', dimension: 'economy' },
  { id: 7, name: 'Meja Smart Living', dimension: 'living' },
  { id: 9, name: 'Meja 3', dimension: null },
];
const LABELS = { economy: 'Smart Economy', living: 'Smart Living' };
const dimLabel = (key) => LABELS[key] || '';

test('tableId takes positive whole numbers and their decimal strings only', () => {
  assert.equal(tableId(4), 4);
  assert.equal(tableId('12'), 12);
  assert.equal(tableId(' 7 '), 7);
  for (const bad of [0, -3, 1.5, '0', 'x', '4a', '', null, undefined, {}, '1e3', '12345678901']) {
    assert.equal(tableId(bad), null, String(bad));
  }
});

test('findTable finds by id, numbers or strings, and null otherwise', () => {
  assert.equal(findTable(TABLES, '7').name, 'Meja Smart Living');
  assert.equal(findTable(TABLES, 9).id, 9);
  assert.equal(findTable(TABLES, 5), null);
  assert.equal(findTable(null, 4), null);
});

test('tableLabel adds the dimension unless the name already says it', () => {
  assert.equal(tableLabel(TABLES[0], dimLabel), 'Meja 1 — Smart Economy');
  assert.equal(tableLabel(TABLES[1], dimLabel), 'Meja Smart Living');
  assert.equal(tableLabel(TABLES[2], dimLabel), 'Meja 3');
  assert.equal(tableLabel(TABLES[0]), 'Meja 1');
  assert.equal(tableLabel(null, dimLabel), '');
});

test('needsTable: only in tables mode, only without a seat at one of the tables', () => {
  assert.equal(needsTable('tables', null, TABLES), true);
  assert.equal(needsTable('tables', 5, TABLES), true);     // a table that is gone
  assert.equal(needsTable('tables', 4, TABLES), false);
  assert.equal(needsTable('plenary', null, TABLES), false);
  assert.equal(needsTable('tables', null, []), false);     // nothing to pick from
});

test('tableFromQuery reads ?table= of a table board link, for one of the tables only', () => {
  assert.equal(tableFromQuery('?table=7', TABLES), 7);
  assert.equal(tableFromQuery('table=4&x=1', TABLES), 4);
  assert.equal(tableFromQuery('?table=5', TABLES), null);
  assert.equal(tableFromQuery('?table=<b>', TABLES), null);
  assert.equal(tableFromQuery('', TABLES), null);
});

test('seatCounts counts people per table; unknown or missing seats count as unseated', () => {
  const people = [{ table_id: 4 }, { table_id: 4 }, { table_id: 9 }, { table_id: null }, { table_id: 99 }, {}];
  const counts = seatCounts(people, TABLES);
  assert.equal(counts.get(4), 2);
  assert.equal(counts.get(7), 0);
  assert.equal(counts.get(9), 1);
  assert.equal(counts.get(null), 3);
});

test('originName names the table a carried proposal came from', () => {
  assert.equal(originName({ origin_table: { id: 4, name: 'Meja 1' } }), 'Meja 1');
  assert.equal(originName({ origin_table: null }), '');
  assert.equal(originName({}), '');
  assert.equal(originName(null), '');
});
