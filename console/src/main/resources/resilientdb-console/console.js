/* resilient-db console: polls <base>/state and renders every datastore; no library, no network beyond this app. */
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base');
  var main = document.getElementById('datastores');
  var connection = document.getElementById('connection');
  var updated = document.getElementById('updated');
  var announcer = document.getElementById('announcer');
  var sections = {};
  var lastStatus = {};
  var operator = false;
  var actuatorPath = '/actuator';
  var refresh = 1000;
  var polls = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function number(value, digits) {
    if (value === null || value === undefined || isNaN(value)) { return 'n/a'; }
    return Number(value).toFixed(digits === undefined ? 1 : digits);
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : 'n/a';
  }

  function announce(message) {
    var line = el('p', { text: message });
    announcer.appendChild(line);
    while (announcer.childNodes.length > 5) { announcer.removeChild(announcer.firstChild); }
  }

  function figure(term, value, field) {
    var dd = el('dd', { text: value });
    if (field) { dd.setAttribute('data-field', field); }
    return el('div', {}, [el('dt', { text: term }), dd]);
  }

  function section(name) {
    if (sections[name]) { return sections[name]; }
    var id = 'ds-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
    var heading = el('h2', { id: id + '-title' });
    var body = el('div', { 'class': 'body' });
    var actions = actionsFor(name, id);
    var node = el('section', { 'class': 'datastore', 'aria-labelledby': id + '-title', 'data-datastore': name },
      [heading, body, actions]);
    main.appendChild(node);
    sections[name] = { node: node, heading: heading, body: body, actions: actions };
    return sections[name];
  }

  function actionsFor(name, id) {
    var result = el('p', { 'class': 'result', role: 'status' });
    function send(change, label) {
      var headers = { 'Content-Type': 'application/json' };
      var token = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
      if (token) { headers['X-XSRF-TOKEN'] = decodeURIComponent(token[1]); }
      fetch(actuatorPath + '/resilientdb/' + encodeURIComponent(name), {
        method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(change)
      }).then(function (response) {
        return response.text().then(function (text) {
          result.textContent = response.ok ? (label + ': done.') : (label + ' refused (' + response.status + '): ' + text);
        });
      }).catch(function (error) { result.textContent = label + ' failed: ' + error; });
    }
    var size = el('input', { type: 'number', min: '1', max: '1000', id: id + '-size', inputmode: 'numeric' });
    var resize = el('button', { type: 'button', 'class': 'secondary', text: 'Resize pool' });
    resize.addEventListener('click', function () {
      send({ maximumPoolSize: Number(size.value) }, 'Resize pool to ' + size.value);
    });
    var buttons = [['RESET', 'Reset breaker'], ['FORCED_OPEN', 'Force breaker open'], ['CLOSED', 'Close breaker']]
      .map(function (pair) {
        var button = el('button', { type: 'button', text: pair[1] });
        button.addEventListener('click', function () { send({ breaker: pair[0] }, pair[1]); });
        return button;
      });
    var box = el('div', { 'class': 'actions', role: 'group', 'aria-label': 'Operator actions for ' + name, hidden: '' },
      buttons.concat([el('label', { 'for': id + '-size', text: 'Maximum pool size' }, [size]), resize, result]));
    return box;
  }

  function timeline(history) {
    var strip = el('div', { 'class': 'timeline', 'aria-hidden': 'true' });
    history.forEach(function (check) {
      strip.appendChild(el('span', { 'class': check.status, title: time(check.checkedAt) + ' ' + check.status }));
    });
    var rows = history.slice().reverse().map(function (check) {
      return el('tr', {}, [el('td', { text: time(check.checkedAt) }), el('td', { text: check.status }),
        el('td', { text: check.outcome }), el('td', { 'class': 'num', text: check.latencyMillis + ' ms' }),
        el('td', { text: check.error || '' })]);
    });
    var table = el('table', {}, [el('caption', { 'class': 'visually-hidden', text: 'Health checks, newest first' }),
      el('thead', {}, [el('tr', {}, ['Time', 'Health', 'Probe', 'Latency', 'Error'].map(function (h) {
        return el('th', { scope: 'col', text: h });
      }))]), el('tbody', {}, rows)]);
    var summary = history.length + ' checks; ' +
      history.filter(function (c) { return c.status !== 'UP'; }).length + ' not UP';
    return [el('h3', { text: 'Health history' }), strip, el('p', { 'class': 'meta', text: summary }),
      el('details', {}, [el('summary', { text: 'Health history as a table' }), el('div', { 'class': 'table-wrap' }, [table])])];
  }

  function calls(data) {
    var rows = data.outcomes.map(function (o) {
      return el('tr', {}, [el('th', { scope: 'row', text: o.outcome }), el('td', { 'class': 'num', text: number(o.perSecond) }),
        el('td', { 'class': 'num', text: String(o.count) }), el('td', { 'class': 'num', text: number(o.p50Millis) }),
        el('td', { 'class': 'num', text: number(o.p95Millis) }), el('td', { 'class': 'num', text: number(o.p99Millis) }),
        el('td', { 'class': 'num', text: number(o.maxMillis) })]);
    });
    if (!rows.length) { return [el('h3', { text: 'Calls' }), el('p', { 'class': 'meta', text: 'No call yet.' })]; }
    var head = el('tr', {}, ['Outcome', 'Calls/s', 'Total', 'p50 ms', 'p95 ms', 'p99 ms', 'Max ms'].map(function (h, i) {
      return el('th', { scope: 'col', 'class': i ? 'num' : '', text: h });
    }));
    return [el('h3', { text: 'Calls: ' + number(data.perSecond) + ' per second' }),
      el('div', { 'class': 'table-wrap' }, [el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])])];
  }

  function errors(list) {
    if (!list.length) { return [el('h3', { text: 'Last errors' }), el('p', { 'class': 'meta', text: 'None.' })]; }
    return [el('h3', { text: 'Last errors' }), el('ol', { 'class': 'errors' }, list.slice(0, 10).map(function (e) {
      return el('li', {}, [el('span', { 'class': 'mono', text: time(e.at) + ' ' + e.exception.split('.').pop() + ': ' }),
        document.createTextNode(e.message || '')]);
    }))];
  }

  function render(ds) {
    var parts = section(ds.name);
    var h = ds.health, b = ds.breaker, p = ds.pool, r = ds.retries;
    parts.heading.replaceChildren(document.createTextNode(ds.name), el('span', { 'class': 'type', text: '(' + ds.type + ')' }),
      el('span', { 'class': 'badge ' + h.status, 'data-field': 'health', text: h.status }),
      el('span', { 'class': 'badge ' + b.state, 'data-field': 'breaker', text: 'breaker ' + b.state }));
    var reason = h.reasons.length ? h.reasons.join('; ') : 'All checks pass.';
    var figures = el('dl', { 'class': 'figures' }, [
      figure('Failure rate', b.failureRate < 0 ? 'not enough calls' : number(b.failureRate) + ' % (opens at ' + number(b.failureRateThreshold, 0) + ' %)', 'failureRate'),
      figure('Calls refused while open', String(b.notPermittedCalls)),
      figure('Pool in use / idle / waiting / max', p ? (p.inUse + ' / ' + p.idle + ' / ' + p.waiting + ' / ' + p.max + (p.multiplexed ? ' (shared connection)' : '')) : 'not known', 'pool'),
      figure('Probe latency', h.latencyMillis === null || h.latencyMillis === undefined ? 'n/a' : h.latencyMillis + ' ms'),
      figure('Failed probes in a row', String(h.consecutiveFailures)),
      figure('Retries', r.total + ' (' + number(r.perSecond) + '/s)'),
      figure('Retry budget', number(r.budgetRatio * 100, 0) + ' % of calls, ' + r.budgetMinPerSecond + '/s minimum; used ' + number(r.budgetUsed * 100, 0) + ' %')
    ]);
    var children = [el('p', { 'class': 'reason', 'data-field': 'reason', text: reason })];
    if (h.lastError) { children.push(el('p', { 'class': 'meta' }, [el('span', { text: 'Last probe error: ' }), el('code', { text: h.lastError })])); }
    children.push(figures);
    parts.body.replaceChildren.apply(parts.body, children.concat(calls(ds.calls), timeline(ds.history), errors(ds.errors)));
    parts.actions.hidden = !operator;
    var status = h.status + '/' + b.state;
    if (lastStatus[ds.name] && lastStatus[ds.name] !== status) {
      announce(ds.name + ': health ' + h.status + ', breaker ' + b.state + (h.reasons.length ? ' (' + reason + ')' : ''));
    }
    lastStatus[ds.name] = status;
  }

  function checkOperator() {
    fetch(actuatorPath + '/resilientdb', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (body) { operator = body && body.operator === true; })
      .catch(function () { operator = false; })
      .then(function () {
        document.getElementById('operator-note').hidden = operator;
        Object.keys(sections).forEach(function (name) { sections[name].actions.hidden = !operator; });
      });
  }

  function poll() {
    fetch(base + '/state', { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (state) {
        refresh = Math.min(state.refreshMillis || 1000, 2000);
        if (state.actuatorPath !== actuatorPath || polls === 0) { actuatorPath = state.actuatorPath; checkOperator(); }
        else if (polls % 10 === 0) { checkOperator(); }
        polls++;
        state.datastores.forEach(render);
        connection.textContent = state.datastores.length + ' datastore(s), live';
        updated.textContent = ' · updated ' + time(state.generatedAt);
      })
      .catch(function (error) { connection.textContent = 'Cannot read the state (' + error.message + '); retrying'; })
      .then(function () { setTimeout(poll, refresh); });
  }

  poll();
})();
