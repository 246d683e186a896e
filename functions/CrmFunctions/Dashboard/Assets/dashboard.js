// The barometer dashboard: reads the barometer API with the function key the page was opened with
// and draws tiles, scorecard, drivers, complaints and alerts. No framework: the page is small.

const STATUS = {
  ok: { text: 'OK', symbol: '✓' },
  warn: { text: 'Warning', symbol: '!' },
  alert: { text: 'Alert', symbol: '✕' },
  insufficientSample: { text: 'Too few answers', symbol: '–' },
};
const TREND = { up: '▲', down: '▼', flat: '▶' };
const SVG = 'http://www.w3.org/2000/svg';

const query = new URLSearchParams(location.search);
// ?code= in the page's URL, else the key the page was requested with in x-functions-key (handed over by the server).
const key = query.get('code') || document.querySelector('meta[name="functions-key"]')?.content || '';

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    // Through the CSSOM: the page's CSP forbids inline style attributes.
    else if (name === 'style') Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** One decimal unless the figure is whole: the same rule everywhere on the page, so it can be checked. */
export function formatNumber(value, decimals = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(decimals);
}

const UNITS = { percent: '%', points: 'pts', seconds: 's', perHundredStays: 'per 100 stays', perAgentDay: 'per agent-day', score: '', count: '' };

function unitText(unit) {
  return unit in UNITS ? UNITS[unit] : unit ?? '';
}

function statusBadge(status, compact = false) {
  const s = STATUS[status] ?? { text: 'No status', symbol: '·' };
  return el('span', { class: `status ${status ?? 'none'}`, dataset: { status: status ?? 'none' }, title: s.text },
    el('span', { 'aria-hidden': 'true' }, s.symbol), compact ? el('span', { class: 'visually-hidden' }, s.text) : s.text);
}

function trendText(indicator) {
  if (!indicator.trend) return null;
  const judged = indicator.trendIsGood === true ? 'good' : indicator.trendIsGood === false ? 'bad' : 'neutral';
  const words = { good: 'better', bad: 'worse', neutral: 'unchanged' }[judged];
  const previous = indicator.previous
    ? ` vs ${indicator.previous.label} (${formatNumber(indicator.previous.value)})` : '';
  return el('span', { class: `trend ${judged}`, dataset: { trend: indicator.trend, judged } },
    el('span', { 'aria-hidden': 'true' }, TREND[indicator.trend] ?? ''), ` ${words}${previous}`);
}

/** A sparkline of the recent periods; gaps (periods without a figure) break the line. */
export function sparkline(history, threshold) {
  const points = history.map((h, i) => ({ i, v: h.value })).filter((p) => p.v !== null && p.v !== undefined);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('viewBox', '0 0 100 40');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.dataset.points = String(points.length);
  const described = history.map((h) => `${h.label}: ${formatNumber(h.value)}`).join(', ');
  svg.setAttribute('aria-label', `Recent periods: ${described || 'no data'}`);
  if (points.length === 0) return svg;
  const values = points.map((p) => p.v);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) { min -= 1; max += 1; }
  const x = (i) => history.length === 1 ? 50 : 2 + (i * 96) / (history.length - 1);
  const y = (v) => 36 - ((v - min) * 32) / (max - min);
  if (typeof threshold === 'number' && threshold >= min && threshold <= max) {
    const line = document.createElementNS(SVG, 'line');
    line.setAttribute('class', 'threshold');
    line.setAttribute('x1', '0'); line.setAttribute('x2', '100');
    line.setAttribute('y1', y(threshold).toFixed(2)); line.setAttribute('y2', y(threshold).toFixed(2));
    svg.append(line);
  }
  let segment = [];
  const flush = () => {
    if (segment.length === 0) return;
    if (segment.length === 1) {
      // A lone figure between gaps: a dot, since a line needs two.
      const dot = document.createElementNS(SVG, 'rect');
      dot.setAttribute('class', 'dot');
      dot.setAttribute('x', (x(segment[0].i) - 1.5).toFixed(2));
      dot.setAttribute('y', (y(segment[0].v) - 3).toFixed(2));
      dot.setAttribute('width', '3');
      dot.setAttribute('height', '6');
      svg.append(dot);
    } else {
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', segment.map((p) => `${x(p.i).toFixed(2)},${y(p.v).toFixed(2)}`).join(' '));
      svg.append(line);
    }
    segment = [];
  };
  for (const p of points) {
    if (segment.length > 0 && p.i !== segment[segment.length - 1].i + 1) flush();
    segment.push(p);
  }
  flush();
  return svg;
}

async function getJson(path, params) {
  const url = `${path}?${new URLSearchParams(Object.entries(params).filter(([, v]) => v))}`;
  const response = await fetch(url, { headers: key ? { 'x-functions-key': key } : {} });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = [problem.title, problem.detail, problem.errors && JSON.stringify(problem.errors)].filter(Boolean).join(' — ');
    } catch { /* not problem+json */ }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
  return response.json();
}

function renderTiles(barometer) {
  const tiles = $('tiles');
  tiles.replaceChildren(...barometer.indicators.map((i) => el('li',
    { class: `tile ${i.status ?? 'none'}`, dataset: { indicator: i.id, status: i.status ?? 'none' } },
    el('h3', {}, i.label),
    el('div', { class: 'figure' },
      el('span', { class: 'value', dataset: { field: 'value' } }, formatNumber(i.value)),
      el('span', { class: 'unit' }, unitText(i.unit))),
    statusBadge(i.status),
    trendText(i),
    el('p', { class: 'facts' },
      el('span', {}, 'n = ', el('span', { dataset: { field: 'n' } }, i.n ?? 0)),
      i.margin !== null && i.margin !== undefined
        ? el('span', {}, ' · ± ', el('span', { dataset: { field: 'margin' } }, formatNumber(i.margin))) : null,
      typeof i.warn === 'number' ? ` · warn ${formatNumber(i.warn)}, alert ${formatNumber(i.alert)}` : null,
      i.n < i.minimumSample ? ` · needs ${i.minimumSample}` : null),
    sparkline(i.history ?? [], i.warn),
  )));
  if (barometer.indicators.length === 0) tiles.replaceChildren(el('li', { class: 'empty' }, 'No indicator configured.'));
  // An alert digest links here with ?indicator=: show that tile first thing.
  const focused = [...tiles.children].find((t) => t.dataset.indicator && t.dataset.indicator === query.get('indicator'));
  if (focused) {
    focused.classList.add('focused');
    focused.scrollIntoView({ block: 'nearest' });
  }
}

function renderScorecard(scorecard, labels) {
  const table = $('scorecard');
  if (scorecard.properties.length === 0) {
    table.replaceChildren(el('caption', { class: 'empty' }, 'No property has data in this period.'));
    return;
  }
  const ids = scorecard.indicators;
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Property'),
      ids.map((id) => el('th', { scope: 'col' }, labels[id] ?? id)))),
    el('tbody', {}, scorecard.properties.map((p) => el('tr', { dataset: { property: p.property } },
      el('th', { scope: 'row' }, p.property),
      ids.map((id) => {
        const i = p.indicators.find((x) => x.id === id);
        return el('td', { dataset: { indicator: id } },
          el('span', { dataset: { field: 'value' } }, formatNumber(i?.value)),
          i ? el('span', { class: 'unit' }, ' ', unitText(i.unit)) : null,
          i ? statusBadge(i.status, true) : null);
      })))));
}

function renderDrivers(drivers) {
  const table = $('drivers');
  $('drivers-note').textContent = drivers.touchpoints.length
    ? `Impact on NPS (${drivers.touchpoints[0].method}), ${drivers.period.label}, n = ${drivers.n}.` : '';
  if (drivers.touchpoints.length === 0) {
    table.replaceChildren(el('caption', { class: 'empty' }, 'No touchpoint ratings in this period.'));
    return;
  }
  const top = Math.max(...drivers.touchpoints.map((t) => Math.abs(t.impact ?? 0)), 0.0001);
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Touchpoint'), el('td', { 'aria-hidden': 'true' }),
      el('th', { scope: 'col', class: 'num' }, 'Impact'), el('th', { scope: 'col', class: 'num' }, 'Mean /5'),
      el('th', { scope: 'col', class: 'num' }, 'n'))),
    el('tbody', {}, drivers.touchpoints.map((t) => el('tr', { dataset: { touchpoint: t.touchpoint } },
      el('th', { scope: 'row' }, t.touchpoint),
      el('td', { 'aria-hidden': 'true' }, el('div', { class: 'bar', style: { width: `${(Math.abs(t.impact ?? 0) * 100 / top).toFixed(1)}%` } })),
      el('td', { class: 'num', dataset: { field: 'impact' } }, formatNumber(t.impact, 2)),
      el('td', { class: 'num', dataset: { field: 'mean' } }, formatNumber(t.mean, 2)),
      el('td', { class: 'num', dataset: { field: 'n' } }, t.n)))));
}

function renderComplaints(complaints) {
  $('complaints-summary').replaceChildren(
    el('span', {}, el('strong', { dataset: { field: 'count' } }, complaints.count), 'complaints'),
    el('span', {}, el('strong', { dataset: { field: 'per100Stays' } }, formatNumber(complaints.per100Stays)), 'per 100 stays'));
  const table = $('motives');
  if (complaints.topMotives.length === 0) {
    table.replaceChildren(el('caption', { class: 'empty' }, 'No complaint in this period.'));
    return;
  }
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Motive'), el('td', { 'aria-hidden': 'true' }),
      el('th', { scope: 'col', class: 'num' }, 'Count'), el('th', { scope: 'col', class: 'num' }, 'Share'))),
    el('tbody', {}, complaints.topMotives.map((m) => el('tr', { dataset: { motive: m.motive } },
      el('th', { scope: 'row' }, m.motive),
      el('td', { 'aria-hidden': 'true' }, el('div', { class: 'bar motive', style: { width: `${(m.share * 100).toFixed(1)}%` } })),
      el('td', { class: 'num', dataset: { field: 'count' } }, m.count),
      el('td', { class: 'num' }, el('span', { dataset: { field: 'share' } }, formatNumber(m.share * 100)), ' %')))));
}

function renderAlerts(alerts, labels) {
  const list = $('alerts');
  if (alerts.alerts.length === 0) {
    list.replaceChildren(el('li', { class: 'empty' }, 'No alert so far.'));
    return;
  }
  list.replaceChildren(...alerts.alerts.map((a) => el('li', { dataset: { indicator: a.indicator } },
    el('time', { datetime: a.at }, a.at.replace('T', ' ').slice(0, 16) + ' UTC'),
    el('strong', {}, labels[a.indicator] ?? a.indicator),
    el('span', {}, describeDimension(a.dimension)),
    el('span', {}, a.period),
    statusBadge(a.from), el('span', { 'aria-label': 'became' }, '→'), statusBadge(a.to),
    el('span', {}, `${formatNumber(a.value)} vs threshold ${formatNumber(a.threshold)} (gap ${formatNumber(a.gap)})`))));
}

/** "month|property=lyon|segment=*|channel=*" → "property lyon"; nothing filtered → "all properties". */
export function describeDimension(dimension) {
  const parts = (dimension ?? '').split('|').map((p) => p.split('=')).filter((p) => p.length === 2 && p[1] !== '*' && p[1] !== '');
  return parts.length ? parts.map(([k, v]) => `${k} ${v}`).join(', ') : 'all properties';
}

function fillProperties(scorecard) {
  const select = $('property');
  const chosen = select.value;
  const names = scorecard.properties.map((p) => p.property);
  if (chosen && !names.includes(chosen)) names.push(chosen);
  select.replaceChildren(el('option', { value: '' }, 'All properties'),
    ...names.sort().map((name) => el('option', { value: name }, name)));
  select.value = chosen;
}

function filters() {
  return { period: $('period').value, date: $('date').value, property: $('property').value };
}

function exportUrl({ period, date, property }) {
  return `barometers/export?${new URLSearchParams(Object.entries({ period, date, property }).filter(([, v]) => v))}`;
}

async function download(event) {
  if (!key) return; // no key needed (local run): the plain link works
  event.preventDefault();
  try {
    const response = await fetch($('export').getAttribute('href'), { headers: { 'x-functions-key': key } });
    if (!response.ok) throw new Error(`export: ${response.status}`);
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'barometers.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  } catch (error) {
    showError(error);
  }
}

function showError(error) {
  const message = $('message');
  message.className = 'message error';
  message.textContent = `Could not load the barometer. ${error.message}`;
}

let generation = 0;

async function load() {
  const current = ++generation;
  const f = filters();
  document.body.dataset.state = 'loading';
  $('message').className = 'message';
  $('message').textContent = 'Loading…';
  const kept = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(f)) value ? kept.set(name, value) : kept.delete(name);
  history.replaceState(null, '', `?${kept}`);
  $('export').setAttribute('href', exportUrl(f));
  try {
    const [barometer, scorecard, drivers, complaints, alerts] = await Promise.all([
      getJson('barometers', { period: f.period, date: f.date, property: f.property, history: 8 }),
      getJson('barometers/scorecard', { period: f.period, date: f.date }),
      getJson('barometers/drivers', { period: f.period, date: f.date, property: f.property }),
      getJson('barometers/complaints', { period: f.period, date: f.date, property: f.property }),
      getJson('barometers/alerts', { top: 20 }),
    ]);
    if (current !== generation) return;
    const labels = Object.fromEntries(barometer.indicators.map((i) => [i.id, i.label]));
    $('period-label').textContent = `${barometer.period.label} (${barometer.period.start} – ${barometer.period.end})`
      + (f.property ? ` · ${f.property}` : ' · all properties');
    $('refreshed').textContent = barometer.refreshedAt
      ? `refreshed ${barometer.refreshedAt.replace('T', ' ').slice(0, 16)} UTC` : 'never refreshed';
    fillProperties(scorecard);
    renderTiles(barometer);
    renderScorecard(scorecard, labels);
    renderDrivers(drivers);
    renderComplaints(complaints);
    renderAlerts(alerts, labels);
    $('message').textContent = '';
    document.body.dataset.state = 'ready';
  } catch (error) {
    if (current !== generation) return;
    showError(error);
    document.body.dataset.state = 'error';
  }
}

function start() {
  $('period').value = ['day', 'week', 'month'].includes(query.get('period')) ? query.get('period') : 'week';
  $('date').value = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') ?? '') ? query.get('date') : new Date().toISOString().slice(0, 10);
  const property = query.get('property');
  if (property) $('property').append(el('option', { value: property }, property));
  $('property').value = property ?? '';
  $('filters').addEventListener('change', () => { if ($('date').value) load(); });
  $('filters').addEventListener('submit', (event) => { event.preventDefault(); load(); });
  $('export').addEventListener('click', download);
  load();
}

start();
