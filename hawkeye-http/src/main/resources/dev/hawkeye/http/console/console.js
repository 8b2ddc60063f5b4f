// The console: reads the JSON API of the hawkeye that serves it and refreshes itself every few seconds.
(function () {
  'use strict';

  const REFRESH_MS = 5000;
  const STATE_ORDER = { FIRING: 0, PENDING: 1, UNKNOWN: 2, OK: 3 };
  const COLORS = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#2e7d32', '#ad1457', '#4e342e', '#37474f'];
  const LEVEL_COLORS = { critical: '#c62828', warning: '#ef6c00' };
  // An empty window has these values for the aggregates that count (as the alert engine reads it).
  const ZERO_WHEN_EMPTY = new Set(['count', 'sum', 'rate']);
  const RANGES = { '1h': 3600, '3h': 10800, '6h': 21600, '24h': 86400 };

  const view = document.getElementById('view');
  let page = null;
  let timer = null;

  // ---- the API --------------------------------------------------------------------------------

  async function api(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem('hawkeye.token');
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(path, { headers });
    if (response.status === 401) {
      document.getElementById('login').hidden = false;
      throw new Error('this hawkeye needs its token');
    }
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error || response.statusText);
    }
    return body;
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [name, value] of params) {
      search.append(name, value);
    }
    return search.toString();
  }

  // ---- small helpers --------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) {
        node.setAttribute(name, value);
      }
    }
    for (const child of children.flat()) {
      node.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? '' : String(child)));
    }
    return node;
  }

  function number(value) {
    if (value === null || value === undefined) {
      return '—';
    }
    return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3)
      : String(Math.round(value * 1000) / 1000);
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '—';
  }

  function stateBadge(state) {
    return el('span', { class: 'state ' + state }, state);
  }

  /** "checkout{region=eu,host=web-1}" → ["checkout", {region: "eu", host: "web-1"}] */
  function splitInstance(name) {
    const brace = name.indexOf('{');
    if (brace < 0 || !name.endsWith('}')) {
      return [name, {}];
    }
    const tags = {};
    for (const pair of name.slice(brace + 1, -1).split(',')) {
      const equals = pair.indexOf('=');
      if (equals > 0) {
        tags[pair.slice(0, equals)] = pair.slice(equals + 1);
      }
    }
    return [name.slice(0, brace), tags];
  }

  function showProblem(message) {
    const problem = document.getElementById('problem');
    problem.textContent = message;
    problem.hidden = false;
  }

  // ---- the formula of a monitor: + - * / ( ) numbers and query names, as the config writes it --

  function evaluate(formula, values) {
    const tokens = formula.match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+*/()])/g) || [];
    let at = 0;
    const next = () => (at < tokens.length ? tokens[at].trim() : null);
    const take = () => tokens[at++].trim();
    function primary() {
      const token = take();
      if (token === '(') {
        const inner = sum();
        take();
        return inner;
      }
      if (token === '-') {
        const operand = primary();
        return operand === null ? null : -operand;
      }
      if (/^[A-Za-z_]/.test(token)) {
        return values[token] === undefined ? null : values[token];
      }
      return Number(token);
    }
    function product() {
      let left = primary();
      while (next() === '*' || next() === '/') {
        const operator = take();
        const right = primary();
        left = left === null || right === null ? null : operator === '*' ? left * right : (right === 0 ? null : left / right);
      }
      return left;
    }
    function sum() {
      let left = product();
      while (next() === '+' || next() === '-') {
        const operator = take();
        const right = product();
        left = left === null || right === null ? null : operator === '+' ? left + right : left - right;
      }
      return left;
    }
    const result = sum();
    return result === null || !isFinite(result) ? null : result;
  }

  // ---- charts ---------------------------------------------------------------------------------

  const BAND_COLORS = { FIRING: 'rgba(198, 40, 40, 0.12)', PENDING: 'rgba(239, 108, 0, 0.12)' };

  /** The spans ({from, to, state} in seconds) the monitor spent PENDING or FIRING, from its history (newest first). */
  function stateBands(events, until) {
    const changes = events.filter(event => event.kind === 'STATE').reverse();
    const bands = [];
    changes.forEach((change, index) => {
      const end = index + 1 < changes.length ? Date.parse(changes[index + 1].at) / 1000 : until;
      if (BAND_COLORS[change.state]) {
        bands.push({ from: Date.parse(change.at) / 1000, to: end, state: change.state });
      }
    });
    return bands;
  }

  /** A uPlot plugin that shades `holder.bands` under the lines. */
  function bandsPlugin(holder) {
    return {
      hooks: {
        drawClear: [plot => {
          const context = plot.ctx;
          for (const band of holder.bands || []) {
            const left = Math.max(plot.bbox.left, plot.valToPos(band.from, 'x', true));
            const right = Math.min(plot.bbox.left + plot.bbox.width, plot.valToPos(band.to, 'x', true));
            if (right > left) {
              context.fillStyle = BAND_COLORS[band.state];
              context.fillRect(left, plot.bbox.top, right - left, plot.bbox.height);
            }
          }
        }],
      },
    };
  }

  /**
   * Draws (or redraws) `lines` ({label, points: [[seconds, value]], color, dash}) into `holder`,
   * over `bands` ({from, to, state}) shaded by state.
   */
  function drawChart(holder, lines, bands) {
    holder.bands = bands || [];
    const xs = [...new Set(lines.flatMap(line => line.points.map(point => point[0])))].sort((a, b) => a - b);
    const data = [xs].concat(lines.map(line => {
      const byTime = new Map(line.points);
      return xs.map(x => (byTime.has(x) ? byTime.get(x) : null));
    }));
    holder.dataset.points = String(xs.length);
    // How many points the lines that are data (not thresholds) hold, for a reader (and a test) to see.
    holder.dataset.values = String(lines.filter(line => !line.dash).reduce((total, line) => total + line.points.length, 0));
    if (xs.length === 0) {
      holder.replaceChildren(el('p', { class: 'empty' }, 'No data in this range.'));
      holder.chart = null;
      return;
    }
    const signature = lines.map(line => line.label).join('\u0000');
    if (holder.chart && holder.signature === signature) {
      holder.chart.setData(data);
      return;
    }
    holder.replaceChildren();
    if (holder.chart) {
      holder.chart.destroy();
    }
    const options = {
      width: Math.max(320, holder.clientWidth - 20),
      height: 320,
      scales: { x: { time: true } },
      plugins: [bandsPlugin(holder)],
      series: [{}].concat(lines.map(line => ({
        label: line.label, stroke: line.color, width: line.dash ? 1 : 2, dash: line.dash, spanGaps: !!line.dash,
        // A sparse line shows its points, or a single step would draw nothing.
        points: { show: !line.dash && line.points.length <= 60, size: 6 },
      }))),
    };
    holder.chart = new uPlot(options, data, holder);
    holder.signature = signature;
  }

  // ---- pages ----------------------------------------------------------------------------------

  const monitorList = {
    mount() {
      view.replaceChildren(el('h2', {}, 'Monitors'), el('div', { id: 'monitors' }));
    },
    async refresh() {
      const status = await api('/api/v1/status');
      const monitors = status.monitors.slice().sort((a, b) =>
        (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || a.name.localeCompare(b.name));
      const holder = document.getElementById('monitors');
      if (monitors.length === 0) {
        holder.replaceChildren(el('p', { class: 'empty' }, 'No monitors: add some to monitors.yaml.'));
        return status;
      }
      holder.replaceChildren(el('table', {},
        el('thead', {}, el('tr', {}, ['State', 'Monitor', 'Level', 'Value', 'Condition', 'Since', 'Last notified']
          .map(title => el('th', {}, title)))),
        el('tbody', {}, monitors.map(monitor => el('tr', { 'data-monitor': monitor.name, 'data-state': monitor.state },
          el('td', {}, stateBadge(monitor.state)),
          el('td', {}, el('a', { href: '#/monitor/' + encodeURIComponent(monitor.name) }, monitor.name)),
          el('td', {}, monitor.level || ''),
          el('td', { class: 'value' }, number(monitor.value)),
          el('td', {}, monitor.condition),
          el('td', {}, time(monitor.since)),
          el('td', {}, time(monitor.last_notified)))))));
      if (performance.getEntriesByName('monitors-drawn').length === 0) {
        performance.mark('monitors-drawn'); // read by ConsoleBench: the list's first paint with data
      }
      return status;
    },
  };

  function monitorPage(name) {
    const [base, groupTags] = splitInstance(name);
    return {
      mount() {
        view.replaceChildren(el('h2', {}, name), el('dl', { class: 'facts', id: 'facts' }),
          el('h3', {}, 'Value over the last 3 hours'), el('div', { class: 'chart', id: 'chart' }),
          el('h3', {}, 'Recent changes and notifications'), el('div', { id: 'history' }));
      },
      async refresh() {
        const [status, definitions, history] = await Promise.all([api('/api/v1/status'), api('/api/v1/monitors'),
          api('/api/v1/monitors/' + encodeURIComponent(name) + '/history')]);
        const monitor = status.monitors.find(each => each.name === name);
        const definition = definitions.monitors.find(each => each.name === base);
        const facts = document.getElementById('facts');
        if (!monitor) {
          facts.replaceChildren(el('dt', {}, 'State'), el('dd', {}, 'not known to this hawkeye (yet)'));
        } else {
          facts.replaceChildren(
            el('dt', {}, 'State'), el('dd', { id: 'state', 'data-state': monitor.state }, stateBadge(monitor.state)),
            el('dt', {}, 'Level'), el('dd', {}, monitor.level || '—'),
            el('dt', {}, 'Value'), el('dd', {}, number(monitor.value)),
            el('dt', {}, 'Condition'), el('dd', {}, monitor.condition),
            el('dt', {}, 'Since'), el('dd', {}, time(monitor.since)),
            el('dt', {}, 'Last notified'), el('dd', {}, time(monitor.last_notified)));
        }
        if (definition) {
          drawChart(document.getElementById('chart'), await monitorLines(definition, groupTags),
            stateBands(history.events, Date.now() / 1000));
        }
        document.getElementById('history').replaceChildren(history.events.length === 0
          ? el('p', { class: 'empty' }, 'Nothing yet.')
          : el('table', {},
            el('thead', {}, el('tr', {}, ['At', 'What', 'State', 'Level', 'Value', 'Detail'].map(title => el('th', {}, title)))),
            el('tbody', {}, history.events.map(event => el('tr', { 'data-kind': event.kind },
              el('td', {}, time(event.at)),
              el('td', {}, event.kind === 'STATE' ? 'state' : 'notification'),
              el('td', {}, el('span', { class: 'state ' + (event.state === 'RESOLVED' ? 'OK' : event.state) }, event.state)),
              el('td', {}, event.level || ''),
              el('td', { class: 'value' }, number(event.value)),
              el('td', {}, event.detail))))));
        return status;
      },
    };
  }

  /** The monitor's value (its formula over its queries) at each minute, and its thresholds. */
  async function monitorLines(definition, groupTags) {
    // The step that ends after now holds the minute still filling.
    const to = Math.ceil(Date.now() / 1000 / 60) * 60;
    const from = to - RANGES['3h'];
    const perQuery = {};
    await Promise.all(definition.queries.map(async each => {
      const params = [['metric', each.metric], ['aggregate', each.aggregate], ['from', from], ['to', to], ['step', '60s'],
        ['window', definition.window + 's']];
      for (const [tag, matchers] of Object.entries(each.tags)) {
        if (!(tag in groupTags)) {
          matchers.forEach(matcher => params.push(['tag', tag + ':' + matcher]));
        }
      }
      for (const [tag, value] of Object.entries(groupTags)) {
        params.push(['tag', tag + ':' + value]);
      }
      const range = await api('/api/v1/query_range?' + query(params));
      perQuery[each.name] = { aggregate: each.aggregate, points: new Map(range.groups.length ? range.groups[0].values : []) };
    }));
    const times = [...new Set(Object.values(perQuery).flatMap(each => [...each.points.keys()]))];
    const points = [];
    for (const at of times.sort((a, b) => a - b)) {
      const values = {};
      for (const [queryName, each] of Object.entries(perQuery)) {
        values[queryName] = each.points.has(at) ? each.points.get(at) : ZERO_WHEN_EMPTY.has(each.aggregate) ? 0 : null;
      }
      const value = evaluate(definition.value, values);
      if (value !== null) {
        points.push([at, value]);
      }
    }
    const lines = [{ label: definition.value, points, color: COLORS[0] }];
    for (const threshold of definition.thresholds) {
      lines.push({
        label: threshold.level + ' ' + threshold.comparison + ' ' + threshold.threshold,
        points: [[from, threshold.threshold], [to, threshold.threshold]],
        color: LEVEL_COLORS[threshold.level] || '#757575', dash: [6, 4],
      });
    }
    return lines;
  }

  function explorePage(params) {
    return {
      mount() {
        const field = (label, input) => el('label', {}, label, input);
        const form = el('form', { class: 'explore', id: 'explore' },
          field('Metric', el('input', { name: 'metric', required: 'required', value: params.get('metric') || '', placeholder: 'http.requests' })),
          field('Tags (tag:matcher, …)', el('input', { name: 'tags', value: params.get('tags') || '', placeholder: 'service:checkout host:web-*' })),
          field('Aggregate', el('select', { name: 'aggregate' }, ['count', 'sum', 'avg', 'min', 'max', 'last', 'rate', 'p50', 'p90', 'p95', 'p99']
            .map(aggregate => el('option', aggregate === (params.get('aggregate') || 'count') ? { selected: 'selected' } : {}, aggregate)))),
          field('By (tags)', el('input', { name: 'by', value: params.get('by') || '', placeholder: 'region' })),
          field('Range', el('select', { name: 'range' }, Object.keys(RANGES)
            .map(range => el('option', range === (params.get('range') || '1h') ? { selected: 'selected' } : {}, range)))),
          el('button', { type: 'submit' }, 'Chart'));
        form.addEventListener('submit', event => {
          event.preventDefault();
          const values = new URLSearchParams(new FormData(form));
          location.hash = '#/explore?' + values.toString();
        });
        view.replaceChildren(el('h2', {}, 'Explore'), form, el('div', { class: 'chart', id: 'chart' }));
      },
      async refresh() {
        const metric = params.get('metric');
        if (!metric) {
          return null;
        }
        const seconds = RANGES[params.get('range')] || RANGES['1h'];
        const step = Math.max(10, Math.ceil(seconds / 600 / 10) * 10);
        const to = Math.ceil(Date.now() / 1000 / step) * step;
        const search = [['metric', metric], ['aggregate', params.get('aggregate') || 'count'], ['from', to - seconds], ['to', to],
          ['step', step + 's']];
        (params.get('tags') || '').split(/[\s,]+/).filter(Boolean).forEach(tag => search.push(['tag', tag]));
        (params.get('by') || '').split(/[\s,]+/).filter(Boolean).forEach(tag => search.push(['by', tag]));
        const range = await api('/api/v1/query_range?' + query(search));
        drawChart(document.getElementById('chart'), range.groups.map((group, index) => ({
          label: Object.keys(group.tags).length ? Object.entries(group.tags).map(([k, v]) => k + '=' + v).join(',') : metric,
          points: group.values, color: COLORS[index % COLORS.length],
        })));
        return null;
      },
    };
  }

  // ---- routing and refresh --------------------------------------------------------------------

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/';
    if (hash.startsWith('/monitor/')) {
      return monitorPage(decodeURIComponent(hash.slice('/monitor/'.length)));
    }
    if (hash.startsWith('/explore')) {
      return explorePage(new URLSearchParams(hash.split('?')[1] || ''));
    }
    return monitorList;
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const status = await page.refresh();
      document.getElementById('problem').hidden = true;
      if (status) {
        const store = document.getElementById('store');
        store.textContent = status.store.available ? 'store ok' : 'store unavailable since ' + time(status.store.since) + ': ' + status.store.reason;
        store.classList.toggle('down', !status.store.available);
      }
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      showProblem(error.message);
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  function open() {
    page = route();
    page.mount();
    refresh();
  }

  document.getElementById('login').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem('hawkeye.token', document.getElementById('token').value);
    document.getElementById('login').hidden = true;
    refresh();
  });
  window.addEventListener('hashchange', open);
  open();
}());
