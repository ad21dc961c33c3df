// Filters of the Trends page: service, team, severity and period, applied in
// the browser to the one-row-per-incident `records` of trends.json. The pure
// functions come first (tested under node: tests/js/trends-filter.test.mjs)
// and count as the build does (src/analyze/trends/headline.rs); the page's
// wiring is last. Without JavaScript the form stays hidden and the page
// shows every incident, as built.

/** The value at quantile `q` (0..1) by linear interpolation, rounded to 0.1, as the build computes it. */
export function quantile(values, q) {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, v.length - 1);
  return Math.round((v[lo] + (h - lo) * (v[hi] - v[lo])) * 10) / 10;
}

/** Months since year 0 of the first month of the quarter of a `YYYY-MM-DD` day. */
export function quarterKey(day) {
  const m = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  return m - (m % 3);
}

/** `2026-Q4` for a quarter key. */
export function quarterName(k) {
  return `${Math.floor(k / 12)}-Q${(k % 12) / 3 + 1}`;
}

/** What each filter offers: the distinct values of the records, sorted. */
export function choices(records) {
  const sorted = (values) => [...new Set(values)].sort();
  return {
    services: sorted(records.flatMap((r) => r.services)),
    teams: sorted(records.map((r) => r.team).filter(Boolean)),
    severities: sorted(records.map((r) => r.severity)),
    years: sorted(records.map((r) => r.date && r.date.slice(0, 4)).filter(Boolean)).reverse(),
  };
}

/** The `YYYY-MM-DD` day `months` months before `asOf`. */
function monthsBefore(asOf, months) {
  const d = new Date(`${asOf}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether a record's date is in a period: '' any (undated too), `12m` /
 * `24m` the months up to `asOf`, `YYYY` a calendar year.
 */
export function inPeriod(date, period, asOf) {
  if (!period) return true;
  if (!date) return false;
  const months = /^(\d+)m$/.exec(period);
  if (months) return date > monthsBefore(asOf, Number(months[1])) && date <= asOf;
  return date.startsWith(`${period}-`);
}

/** The records a filter `{service, team, severity, period}` selects (empty values select all). */
export function select(records, filter, asOf) {
  return records.filter(
    (r) =>
      (!filter.service || r.services.includes(filter.service)) &&
      (!filter.team || r.team === filter.team) &&
      (!filter.severity || r.severity === filter.severity) &&
      inPeriod(r.date, filter.period, asOf),
  );
}

/** `now` against `previous` with its direction, as in trends.json. */
function change(now, previous) {
  const direction = now == null || previous == null ? null : now > previous ? 'up' : now < previous ? 'down' : 'same';
  return { now, previous, direction };
}

/** The headline of some records as of `asOf`: the same object as trends.json's `headline`. */
export function headline(records, asOf) {
  const now = quarterKey(asOf);
  const slots = [now, now - 3].map(() => ({ count: 0, detect: [], resolve: [] }));
  let settled = 0, onTime = 0, overdue = 0;
  for (const r of records) {
    settled += r.due_settled;
    onTime += r.done_by_due;
    overdue += r.overdue;
    if (!r.date) continue;
    const slot = slots[[now, now - 3].indexOf(quarterKey(r.date))];
    if (!slot) continue;
    slot.count += 1;
    if (r.minutes_to_detect != null) slot.detect.push(r.minutes_to_detect);
    if (r.minutes_to_resolve != null) slot.resolve.push(r.minutes_to_resolve);
  }
  const median = (k) => change(quantile(slots[0][k], 0.5), quantile(slots[1][k], 0.5));
  return {
    quarter: quarterName(now),
    previous_quarter: quarterName(now - 3),
    incidents: change(slots[0].count, slots[1].count),
    minutes_to_detect: median('detect'),
    minutes_to_resolve: median('resolve'),
    done_on_time: {
      share: settled ? Math.round((onTime / settled) * 1000) / 1000 : null,
      done_by_due: onTime,
      due_settled: settled,
    },
    overdue,
  };
}

/** Incidents and median durations per quarter, from the first dated record's quarter to the last's. */
export function perQuarter(records) {
  const dated = records.filter((r) => r.date);
  if (!dated.length) return [];
  const keys = dated.map((r) => quarterKey(r.date));
  const rows = new Map();
  for (let k = Math.min(...keys); k <= Math.max(...keys); k += 3) rows.set(k, { detect: [], resolve: [], incidents: 0 });
  for (const r of dated) {
    const row = rows.get(quarterKey(r.date));
    row.incidents += 1;
    if (r.minutes_to_detect != null) row.detect.push(r.minutes_to_detect);
    if (r.minutes_to_resolve != null) row.resolve.push(r.minutes_to_resolve);
  }
  return [...rows].map(([k, row]) => ({
    quarter: quarterName(k),
    incidents: row.incidents,
    detect: quantile(row.detect, 0.5),
    resolve: quantile(row.resolve, 0.5),
  }));
}

/** "1 h 12 min", "3 d 2 h": as the build writes durations (`null` is "–"). */
export function formatMinutes(m) {
  if (m == null) return '–';
  const t = Math.round(m);
  const [d, h, min] = [Math.floor(t / 1440), Math.floor((t % 1440) / 60), t % 60];
  if (!d) return !h ? `${min} min` : !min ? `${h} h` : `${h} h ${min} min`;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** A share as a whole percentage, halves to even as the build rounds. */
export function percent(share) {
  if (share == null) return '–';
  const x = share * 100;
  const f = Math.floor(x);
  const r = Math.abs(x - f - 0.5) < 1e-9 ? (f % 2 ? f + 1 : f) : Math.round(x);
  return `${r}%`;
}

/** The words under a headline number: which way it went, against which quarter. */
export function changeText(c, quarter, kind) {
  if (c.direction == null) return c.now == null ? 'none to compare' : `nothing to compare in ${quarter}`;
  if (kind === 'count') {
    const words = { up: `↑ ${c.now - c.previous} more than`, down: `↓ ${c.previous - c.now} fewer than`, same: '= as many as' };
    return `${words[c.direction]} in ${quarter} (${c.previous})`;
  }
  const words = { up: '↑ slower than', down: '↓ faster than', same: '= the same as' };
  return `${words[c.direction]} in ${quarter} (${formatMinutes(c.previous)})`;
}

/** The five headline figures as [value, words], in the page's order. */
export function headlineTexts(h) {
  const p = h.previous_quarter;
  return [
    [String(h.incidents.now), changeText(h.incidents, p, 'count')],
    [formatMinutes(h.minutes_to_detect.now), changeText(h.minutes_to_detect, p, 'time')],
    [formatMinutes(h.minutes_to_resolve.now), changeText(h.minutes_to_resolve, p, 'time')],
    [percent(h.done_on_time.share), `${h.done_on_time.done_by_due} of ${h.done_on_time.due_settled} with a settled due date`],
    [String(h.overdue), 'open past their due date'],
  ];
}

/** Wires the form: loads trends.json, offers its values, recounts on change. */
async function start(form) {
  let data;
  try {
    const response = await fetch(form.dataset.src);
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return; // The page stays as built.
  }
  const records = Array.isArray(data.records) ? data.records : [];
  const asOf = data.as_of;
  const offered = choices(records);
  const fill = (name, values, label = (v) => v) => {
    const select = form.elements[name];
    for (const v of values) select.append(new Option(label(v), v));
    // Nothing to choose from (no team recorded): no control.
    select.closest('label').hidden = values.length === 0;
  };
  fill('service', offered.services);
  fill('team', offered.teams);
  fill('severity', offered.severities);
  fill('period', ['12m', '24m', ...offered.years], (v) => (v.endsWith('m') ? `last ${parseInt(v, 10)} months` : v));
  const params = new URLSearchParams(location.search);
  for (const name of ['service', 'team', 'severity', 'period']) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  }
  const kpis = [...document.querySelectorAll('#kpis .kpi')];
  const section = document.getElementById('trend-selected');
  const status = document.getElementById('trend-filter-status');
  const apply = () => {
    const filter = Object.fromEntries(['service', 'team', 'severity', 'period'].map((n) => [n, form.elements[n].value]));
    const picked = select(records, filter, asOf);
    headlineTexts(headline(picked, asOf)).forEach(([value, words], i) => {
      if (!kpis[i]) return;
      kpis[i].querySelector('.kpi-value').textContent = value;
      kpis[i].querySelector('.kpi-change').textContent = words;
    });
    const all = Object.values(filter).every((v) => !v);
    status.textContent = all ? '' : `${picked.length} of ${records.length} incidents selected; the numbers at a glance and the table below count only them.`;
    section.hidden = all;
    const body = section.querySelector('tbody');
    body.replaceChildren(
      ...perQuarter(picked).map((q) => {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = q.quarter;
        tr.append(th);
        for (const v of [String(q.incidents), formatMinutes(q.detect), formatMinutes(q.resolve)]) {
          const td = document.createElement('td');
          td.className = 'num';
          td.textContent = v;
          tr.append(td);
        }
        return tr;
      }),
    );
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
    history.replaceState(null, '', query ? `?${query}` : location.pathname);
  };
  form.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
  form.hidden = false;
  apply();
}

const form = typeof document === 'undefined' ? null : document.getElementById('trend-filters');
if (form) start(form);
