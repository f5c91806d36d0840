// The analytics page: reads /analytics/rules and draws it. No data is put into the page as
// HTML: every value goes in through textContent.
(function () {
  'use strict';

  const TOKEN_KEY = 'hemacds.analytics.token';
  const COLORS = ['#2456a6', '#c2462b', '#2e8b57', '#8a4fbf', '#c28a00', '#1f8fa6', '#7a7a7a'];
  const charts = {};
  const base = new URL('.', document.baseURI); // the page is /analytics: base is the site root

  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function percent(rate) {
    return (Number(rate) * 100).toFixed(1) + ' %';
  }

  function status(text, isError) {
    $('status').textContent = text;
    $('status').classList.toggle('error', Boolean(isError));
  }

  function filters() {
    const params = new URLSearchParams();
    for (const name of ['service', 'from', 'to']) {
      const value = $(name).value;
      if (value) params.set(name, value);
    }
    return params;
  }

  async function loadServices() {
    try {
      const response = await fetch(new URL('cds-services', base), {headers: {Accept: 'application/json'}});
      if (!response.ok) return;
      const body = await response.json();
      for (const service of body.services || []) {
        const option = el('option', service.id);
        option.value = service.id;
        $('service').appendChild(option);
      }
    } catch (e) {
      // The filter still works by typing nothing: all services.
    }
  }

  async function load() {
    const params = filters();
    const url = new URL('analytics/rules', base);
    url.search = params.toString();
    $('json-link').href = url.pathname + url.search;
    const headers = {Accept: 'application/json'};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    status('Loading…');
    let response;
    try {
      response = await fetch(url, {headers, cache: 'no-store'});
    } catch (e) {
      status('The service could not be reached.', true);
      return;
    }
    if (response.status === 401) {
      $('token-form').hidden = false;
      $('results').hidden = true;
      status(token ? 'That token was refused.' : 'These analytics need the admin token.', true);
      return;
    }
    if (!response.ok) {
      let message = 'HTTP ' + response.status;
      try {
        const outcome = await response.json();
        message = outcome.issue[0].diagnostics || message;
      } catch (e) { /* keep the status */ }
      status(message, true);
      return;
    }
    $('token-form').hidden = true;
    render(await response.json());
  }

  function render(data) {
    const rules = data.rules || [];
    const tbody = $('rules').querySelector('tbody');
    tbody.replaceChildren();
    for (const rule of rules) {
      const row = el('tr');
      row.dataset.rule = rule.ruleId + ' v' + rule.ruleVersion;
      row.appendChild(el('td', rule.ruleId));
      row.appendChild(el('td', rule.ruleVersion, 'num'));
      row.appendChild(el('td', rule.title || ''));
      row.appendChild(el('td', rule.shown, 'num shown'));
      row.appendChild(el('td', rule.accepted, 'num accepted'));
      row.appendChild(el('td', rule.overridden, 'num overridden'));
      row.appendChild(el('td', percent(rule.overrideRate), 'num rate'));
      row.appendChild(el('td', rule.overriddenWithoutReason, 'num'));
      const reasons = el('td');
      if (rule.topOverrideReasons.length) {
        const list = el('ul');
        for (const reason of rule.topOverrideReasons) {
          list.appendChild(el('li', (reason.display || reason.code) + ' (' + reason.code + '): ' + reason.count));
        }
        reasons.appendChild(list);
      } else {
        reasons.textContent = '—';
      }
      row.appendChild(reasons);
      tbody.appendChild(row);
    }
    $('unknown').textContent = data.feedbackOnUnknownCards
      ? data.feedbackOnUnknownCards + ' feedback item(s) on cards not in the card log (not counted above).'
      : '';
    $('results').hidden = false;
    status(rules.length
      ? rules.length + ' rule version(s) with cards in this window.'
      : 'No cards were shown in this window.');
    drawOutcomes(rules);
    drawTrend(rules);
    drawReasons(rules);
  }

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
  }

  const common = {responsive: true, maintainAspectRatio: false, animation: false};

  function drawOutcomes(rules) {
    chart('chart-outcomes', {
      type: 'bar',
      data: {
        labels: rules.map((r) => r.ruleId + ' v' + r.ruleVersion),
        datasets: [
          {label: 'shown', data: rules.map((r) => r.shown), backgroundColor: '#9fb3d1'},
          {label: 'accepted', data: rules.map((r) => r.accepted), backgroundColor: '#2e8b57'},
          {label: 'overridden', data: rules.map((r) => r.overridden), backgroundColor: '#c2462b'},
        ],
      },
      options: {...common, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
    });
  }

  // Every Monday from the first week to the last, so gaps show as gaps.
  function allWeeks(rules) {
    const weeks = rules.flatMap((r) => (r.weeks || []).map((w) => w.week)).sort();
    if (!weeks.length) return [];
    const out = [];
    const day = new Date(weeks[0] + 'T00:00:00Z');
    const last = new Date(weeks[weeks.length - 1] + 'T00:00:00Z');
    while (day <= last && out.length < 520) {
      out.push(day.toISOString().slice(0, 10));
      day.setUTCDate(day.getUTCDate() + 7);
    }
    return out;
  }

  function drawTrend(rules) {
    const weeks = allWeeks(rules);
    chart('chart-trend', {
      type: 'line',
      data: {
        labels: weeks,
        datasets: rules.map((r, i) => {
          const byWeek = new Map((r.weeks || []).map((w) => [w.week, w]));
          return {
            label: r.ruleId + ' v' + r.ruleVersion,
            data: weeks.map((w) => (byWeek.has(w) ? Number(byWeek.get(w).overrideRate) * 100 : null)),
            borderColor: COLORS[i % COLORS.length],
            backgroundColor: COLORS[i % COLORS.length],
            spanGaps: false,
          };
        }),
      },
      options: {...common, scales: {y: {beginAtZero: true, max: 100, title: {display: true, text: '% overridden'}}}},
    });
  }

  function drawReasons(rules) {
    const rows = rules.flatMap((r) => r.topOverrideReasons.map((reason) => ({
      label: r.ruleId + ' v' + r.ruleVersion + ': ' + reason.code,
      display: reason.display || reason.code,
      count: reason.count,
    })));
    rows.sort((a, b) => b.count - a.count);
    chart('chart-reasons', {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [{label: 'overrides', data: rows.map((r) => r.count), backgroundColor: '#c2462b'}],
      },
      options: {
        ...common,
        indexAxis: 'y',
        scales: {x: {beginAtZero: true, ticks: {precision: 0}}},
        plugins: {tooltip: {callbacks: {title: (items) => rows[items[0].dataIndex].display}}},
      },
    });
  }

  function start() {
    const params = new URLSearchParams(location.search);
    for (const name of ['from', 'to']) if (params.get(name)) $(name).value = params.get(name);
    loadServices().then(() => {
      if (params.get('service')) $('service').value = params.get('service');
      load();
    });
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      history.replaceState(null, '', '?' + filters().toString());
      load();
    });
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      $('token').value = '';
      load();
    });
  }

  if (typeof Chart === 'undefined') {
    status('The chart library did not load.', true);
  } else {
    start();
  }
})();
