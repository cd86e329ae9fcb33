// static/js/common/format.js: message templates, clocks and number formats shared by the pages.
// Run with: node --test tests/js/ (tests/unit/test_javascript.py runs it in the suite).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { clock, fmt, num, numbers } from '../../static/js/common/format.js';

// Debian's nodejs is built with the system's full ICU; a Node without Indonesian number data
// would format 'id' like English, which is not what these tests are about.
const hasIndonesian = Intl.NumberFormat.supportedLocalesOf(['id']).length > 0;

test('fmt fills %(name)s placeholders and leaves unknown ones alone', () => {
  assert.equal(fmt('%(n)s dari %(total)s peserta', { n: 56, total: 61 }), '56 dari 61 peserta');
  assert.equal(fmt('%(n)s titik, %(n)s lagi', { n: 3 }), '3 titik, 3 lagi');
  assert.equal(fmt('Hai %(name)s, %(missing)s', { name: 'Siti' }), 'Hai Siti, %(missing)s');
  assert.equal(fmt('tanpa parameter'), 'tanpa parameter');
  assert.equal(fmt('%(n)s', { n: 0 }), '0');
  assert.equal(fmt('%(html)s', { html: '<b>daring</b>' }), '<b>daring</b>');  // text, escaped by the DOM layer
});

test('fmt treats null and undefined templates as empty and ignores inherited keys', () => {
  assert.equal(fmt(null, { n: 1 }), '');
  assert.equal(fmt(undefined), '');
  assert.equal(fmt(42), '42');
  assert.equal(fmt('%(toString)s', {}), '%(toString)s');
  assert.equal(fmt('%(constructor)s', Object.create({ constructor: 'x' })), '%(constructor)s');
});

test('clock shows mm:ss, h:mm:ss from an hour, rounds up and never goes below zero', () => {
  assert.equal(clock(0), '00:00');
  assert.equal(clock(5), '00:05');
  assert.equal(clock(59.2), '01:00');
  assert.equal(clock(600), '10:00');
  assert.equal(clock(3599), '59:59');
  assert.equal(clock(3600), '1:00:00');
  assert.equal(clock(3700), '1:01:40');
  assert.equal(clock(-12), '00:00');
  assert.equal(clock('90'), '01:30');
  assert.equal(clock(null), '00:00');
  assert.equal(clock('abc'), '00:00');
  assert.equal(clock(Infinity), '00:00');
});

test('num turns anything into a finite number', () => {
  assert.equal(num('4.25'), 4.25);
  assert.equal(num(7), 7);
  assert.equal(num(undefined), 0);
  assert.equal(num('x'), 0);
  assert.equal(num(NaN), 0);
  assert.equal(num(-Infinity), 0);
});

test('numbers in English: whole, one decimal, up to one or two decimals', () => {
  const en = numbers('en');
  assert.equal(en.int(1723.4), '1,723');
  assert.equal(en.one(4), '4.0');
  assert.equal(en.uptoOne(4.25), '4.3');
  assert.equal(en.uptoOne(4), '4');
  assert.equal(en.uptoTwo(4.256), '4.26');
  assert.equal(en.maybe(null), '–');
  assert.equal(en.maybe(undefined), '–');
  assert.equal(en.maybe(2.5), '2.5');
});

test('averages: one decimal below ten, none from ten up, a plain zero', () => {
  const en = numbers('en');
  assert.equal(en.average(0), '0');
  assert.equal(en.average(0.4), '0.4');
  assert.equal(en.average(8), '8.0');
  assert.equal(en.average(10), '10');
  assert.equal(en.average(37.4), '37');
  assert.equal(en.average(-12.6), '-13');
});

test('numbers in Indonesian use a decimal comma and a thousands dot', { skip: !hasIndonesian && 'this Node has no Indonesian locale data' }, () => {
  const id = numbers('id');
  assert.equal(id.int(1723), '1.723');
  assert.equal(id.one(0.4), '0,4');
  assert.equal(id.average(8), '8,0');
  assert.equal(id.average(37.4), '37');
  assert.equal(id.uptoTwo(4.25), '4,25');
  assert.equal(id.maybe(null), '–');
});

test('any locale other than en formats as Indonesian', () => {
  assert.equal(numbers('fr').one(0.4), numbers('id').one(0.4));
  assert.equal(numbers(undefined).int(1723), numbers('id').int(1723));
});
