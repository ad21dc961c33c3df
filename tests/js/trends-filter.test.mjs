// Unit tests of the Trends page's filters (site-theme/static/trends-filter.js)
// on hand-made records shaped like trends.json's `records`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  quantile,
  quarterKey,
  quarterName,
  choices,
  inPeriod,
  select,
  headline,
  perQuarter,
  formatMinutes,
  percent,
  changeText,
  headlineTexts,
} from '../../site-theme/static/trends-filter.js';

const rec = (id, date, severity, services, team, detect, resolve, settled = [0, 0, 0]) => ({
  id,
  date,
  severity,
  services,
  team,
  minutes_to_detect: detect,
  minutes_to_resolve: resolve,
  due_settled: settled[0],
  done_by_due: settled[1],
  overdue: settled[2],
});

const RECORDS = [
  rec('a', '2022-01-10', 'SEV1', ['api'], 'payments', 10, 120, [2, 1, 1]),
  rec('b', '2022-02-03', 'SEV2', ['api', 'db'], null, 30, 3000, [1, 0, 0]),
  rec('c', '2021-11-20', 'SEV1', ['db'], 'storage', 20, 60),
  rec('d', '2021-08-01', 'SEV3', ['api'], null, 5, 15),
  rec('e', null, 'unknown', [], null, null, null, [1, 1, 0]),
];
const AS_OF = '2022-02-15';

test('quantiles interpolate and round as the build does', () => {
  assert.equal(quantile([10, 12, 15, 20, 20, 25, 30, 30, 60, 2400], 0.5), 22.5);
  assert.equal(quantile([10, 12, 15, 20, 20, 25, 30, 30, 60, 2400], 0.9), 294);
  assert.equal(quantile([3, 1, 2], 0.5), 2);
  assert.equal(quantile([], 0.5), null);
});

test('quarters', () => {
  assert.equal(quarterName(quarterKey('2022-02-15')), '2022-Q1');
  assert.equal(quarterName(quarterKey('2021-12-31')), '2021-Q4');
  assert.equal(quarterName(quarterKey('2022-02-15') - 3), '2021-Q4');
});

test('choices are the distinct values, sorted; years newest first', () => {
  assert.deepEqual(choices(RECORDS), {
    services: ['api', 'db'],
    teams: ['payments', 'storage'],
    severities: ['SEV1', 'SEV2', 'SEV3', 'unknown'],
    years: ['2022', '2021'],
  });
});

test('periods: all time, the last months up to as_of, a year', () => {
  assert.ok(inPeriod(null, '', AS_OF));
  assert.ok(!inPeriod(null, '2022', AS_OF));
  assert.ok(inPeriod('2021-08-01', '12m', AS_OF));
  assert.ok(!inPeriod('2021-02-15', '12m', AS_OF));
  assert.ok(inPeriod('2021-02-16', '12m', AS_OF));
  assert.ok(!inPeriod('2022-03-01', '12m', AS_OF), 'after as_of');
  assert.ok(inPeriod('2021-11-20', '2021', AS_OF));
  assert.ok(!inPeriod('2022-01-10', '2021', AS_OF));
});

test('each filter narrows the selection and they combine', () => {
  const ids = (f) => select(RECORDS, { service: '', team: '', severity: '', period: '', ...f }, AS_OF).map((r) => r.id);
  assert.deepEqual(ids({}), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(ids({ service: 'db' }), ['b', 'c']);
  assert.deepEqual(ids({ team: 'storage' }), ['c']);
  assert.deepEqual(ids({ severity: 'SEV1' }), ['a', 'c']);
  assert.deepEqual(ids({ period: '2022' }), ['a', 'b']);
  assert.deepEqual(ids({ service: 'api', severity: 'SEV1' }), ['a']);
  assert.deepEqual(ids({ service: 'api', team: 'storage' }), []);
});

test('the headline of a selection counts as trends.json does', () => {
  assert.deepEqual(headline(RECORDS, AS_OF), {
    quarter: '2022-Q1',
    previous_quarter: '2021-Q4',
    incidents: { now: 2, previous: 1, direction: 'up' },
    minutes_to_detect: { now: 20, previous: 20, direction: 'same' },
    minutes_to_resolve: { now: 1560, previous: 60, direction: 'up' },
    done_on_time: { share: 0.5, done_by_due: 2, due_settled: 4 },
    overdue: 1,
  });
  const db = headline(select(RECORDS, { service: 'db' }, AS_OF), AS_OF);
  assert.deepEqual(db.incidents, { now: 1, previous: 1, direction: 'same' });
  assert.deepEqual(db.minutes_to_detect, { now: 30, previous: 20, direction: 'up' });
  const none = headline([], AS_OF);
  assert.deepEqual(none.minutes_to_resolve, { now: null, previous: null, direction: null });
  assert.equal(none.done_on_time.share, null);
});

test('per quarter: every quarter from the first to the last, empty ones included', () => {
  assert.deepEqual(perQuarter(RECORDS), [
    { quarter: '2021-Q3', incidents: 1, detect: 5, resolve: 15 },
    { quarter: '2021-Q4', incidents: 1, detect: 20, resolve: 60 },
    { quarter: '2022-Q1', incidents: 2, detect: 20, resolve: 1560 },
  ]);
  assert.deepEqual(perQuarter([RECORDS[4]]), []);
});

test('words and units as the page writes them', () => {
  assert.equal(formatMinutes(8), '8 min');
  assert.equal(formatMinutes(72), '1 h 12 min');
  assert.equal(formatMinutes(120), '2 h');
  assert.equal(formatMinutes(3250), '2 d 6 h');
  assert.equal(formatMinutes(15840), '11 d');
  assert.equal(formatMinutes(22.5), '23 min');
  assert.equal(formatMinutes(null), '–');
  assert.equal(percent(0.333), '33%');
  assert.equal(percent(0.625), '62%', 'halves to even, as Rust formats');
  assert.equal(percent(0.635), '64%');
  assert.equal(percent(null), '–');
  assert.equal(changeText({ now: 3, previous: 1, direction: 'up' }, '2021-Q4', 'count'), '↑ 2 more than in 2021-Q4 (1)');
  assert.equal(changeText({ now: 90, previous: 120, direction: 'down' }, '2021-Q4', 'time'), '↓ faster than in 2021-Q4 (2 h)');
  assert.equal(changeText({ now: 5, previous: null, direction: null }, '2021-Q4', 'time'), 'nothing to compare in 2021-Q4');
  assert.deepEqual(headlineTexts(headline(RECORDS, AS_OF)), [
    ['2', '↑ 1 more than in 2021-Q4 (1)'],
    ['20 min', '= the same as in 2021-Q4 (20 min)'],
    ['1 d 2 h', '↑ slower than in 2021-Q4 (1 h)'],
    ['50%', '2 of 4 with a settled due date'],
    ['1', 'open past their due date'],
  ]);
});
