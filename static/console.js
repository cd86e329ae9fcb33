/* Rembuk facilitator console: the live tools of one workshop page (templates/console/workshop.html).
 *
 * Every action is a fetch to the JSON API with the console's cookie and its CSRF token; a refusal
 * shows the server's own message. The page follows each session through Socket.IO `board:update`
 * (one `board:watch` per session), and polls while the socket is down. User text only ever goes
 * into the page through textContent.
 */
(function () {
  'use strict';

  const API = '/api/v1';
  const LIVE_PHASES = ['collect', 'review', 'vote'];
  const MERGE_PHASES = ['draft', 'collect', 'review'];
  const CRITERIA_PHASES = ['draft', 'collect', 'review'];
  const MAX_CRITERIA = 10;
  const SCORE_MAX = 5;
  const POLL_MS = 5000;          // only while the socket is down
  const REFRESH_MIN_MS = 1000;   // at most one reload of a list per second, however fast votes come
  const NOTICE_MS = 6000;

  function readJSON(id) {
    const node = document.getElementById(id);
    if (!node) return {};
    try { return JSON.parse(node.textContent) || {}; } catch (e) { return {}; }
  }

  const page = readJSON('page-data');
  const T = readJSON('console-strings');
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const CSRF = csrfMeta ? csrfMeta.getAttribute('content') : '';
  const locale = page.lang === 'en' ? 'en' : 'id';
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

  const groupLabels = {};
  (page.groups || []).forEach(function (g) { groupLabels[g.key] = g.label; });
  const dimLabels = {};
  (page.dimensions || []).forEach(function (d) { dimLabels[d.key] = d.label; });
  const sessionData = {};
  (page.sessions || []).forEach(function (s) { sessionData[s.id] = s; });
  const proposalTitles = {};     // any proposal seen, for the log

  /* ------------------------------------------------------------------ helpers */

  function fmt(template, params) {
    return String(template == null ? '' : template).replace(/%\((\w+)\)s/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m;
    });
  }

  /* el('p', {className: 'x', text: 'y', hidden: true}, [children]); strings become text nodes. */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      const value = attrs[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'className') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'hidden' || key === 'checked' || key === 'disabled' || key === 'selected') node[key] = true;
      else if (key === 'value') node.value = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function num(value) { return value === null || value === undefined ? '–' : numberFormat.format(value); }

  function clock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), rest = s % 60;
    const two = function (n) { return (n < 10 ? '0' : '') + n; };
    return h ? h + ':' + two(m) + ':' + two(rest) : two(m) + ':' + two(rest);
  }

  function criterionKey(label) {
    return String(label || '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  }

  function wholeNumber(raw) {
    const text = String(raw).trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
  }

  /* Calls the API; resolves with the JSON body, rejects with an Error carrying the server's message. */
  function api(method, path, body) {
    const options = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
      options.headers['Content-Type'] = 'application/json';
      options.headers['X-CSRFToken'] = CSRF;
      options.body = JSON.stringify(body || {});
    }
    return fetch(API + path, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok) return data;
        const error = (data && data.error) || {};
        const failure = new Error(error.message || T.network_error);
        failure.code = error.code;
        throw failure;
      });
    }, function () { throw new Error(T.network_error); });
  }

  /* Runs fn at most once per `gap` ms and never twice at the same time; calls in between coalesce. */
  function throttled(fn, gap) {
    let running = false, again = false, last = 0, timer = null;
    function run() {
      timer = null;
      running = true;
      again = false;
      last = Date.now();
      Promise.resolve().then(fn).catch(function () { /* the caller showed it */ }).then(function () {
        running = false;
        if (again) request();
      });
    }
    function request() {
      if (running) { again = true; return; }
      if (timer) return;
      timer = setTimeout(run, Math.max(0, last + gap - Date.now()));
    }
    return request;
  }

  function showMessage(node, message, kind) {
    if (!node) return;
    node.textContent = message || '';
    node.hidden = !message;
    node.classList.toggle('is-error', kind === 'error');
    node.classList.toggle('is-ok', kind === 'ok');
  }

  function busy(button, promise) {
    if (button) button.disabled = true;
    return promise.then(function (value) {
      if (button) button.disabled = false;
      return value;
    }, function (error) {
      if (button) button.disabled = false;
      throw error;
    });
  }

  function sessionLabel(sessionId) {
    const s = sessionData[sessionId];
    return s ? fmt(T.log_session, { n: s.position + 1 }) + ' · ' + s.title : '#' + sessionId;
  }

  function proposalLabel(id) {
    return proposalTitles[id] ? '#' + id + ' “' + proposalTitles[id] + '”' : '#' + id;
  }

  /* ------------------------------------------------------------------ one session */

  const views = new Map();
  let currentSessionId = page.current_session_id;

  function setCurrent(id) {
    const previous = currentSessionId;
    currentSessionId = id;
    // A session that just went live shows what comes in, whichever way the news arrived first.
    if (id !== previous && views.has(id)) views.get(id).q('.tool-proposals').open = true;
    views.forEach(function (view) {
      const current = view.id === id;
      view.section.classList.toggle('current', current);
      const badge = view.q('.live-badge');
      if (badge) badge.hidden = !current;
    });
  }

  function SessionView(section, data) {
    this.section = section;
    this.id = data.id;
    this.data = data;
    this.seq = -Infinity;
    this.timer = null;
    this.timerAt = 0;
    this.proposals = null;       // the moderation list, once loaded
    this.rows = new Map();       // proposal id -> row
    this.picked = new Set();     // proposal ids ticked for merging
    this.boardSignature = null;
    this.resultsMode = 'overall';
    this.criteriaDirty = false;
    this.paperSignature = null;
    this.refreshProposals = throttled(this.loadProposals.bind(this), REFRESH_MIN_MS);
    this.refreshResults = throttled(this.loadResults.bind(this), REFRESH_MIN_MS);
    this.wire();
    this.setTimer(data.timer);
    this.applyState();
    if (this.q('.tool-proposals').open) this.refreshProposals();
  }

  SessionView.prototype.q = function (selector) { return this.section.querySelector(selector); };

  SessionView.prototype.notice = function (message, kind) {
    const node = this.q('.session-notice');
    showMessage(node, message, kind);
    clearTimeout(this.noticeTimer);
    if (kind !== 'error') this.noticeTimer = setTimeout(function () { node.hidden = true; }, NOTICE_MS);
  };

  SessionView.prototype.fail = function (error) { this.notice(error.message, 'error'); };

  SessionView.prototype.wire = function () {
    const self = this;
    Array.prototype.forEach.call(this.section.querySelectorAll('form.phase-form'), function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        const button = form.querySelector('button');
        busy(button, api('POST', '/sessions/' + self.id + '/phase', { phase: form.elements.phase.value }))
          .then(function (result) {
            self.data.phase = result.phase;
            self.data.revealed = result.revealed;
            setCurrent(result.current_session_id);
            self.applyState();
            self.refreshProposals();
            if (self.q('.tool-results').open) self.refreshResults();
          }, self.fail.bind(self));
      });
    });

    this.q('.reveal-toggle').addEventListener('click', function (event) {
      self.sendReveal(!self.data.revealed, event.currentTarget);
    });
    this.q('.board-hidden').addEventListener('change', function (event) {
      self.sendReveal(self.data.revealed, event.currentTarget);
    });

    Array.prototype.forEach.call(this.section.querySelectorAll('[data-timer]'), function (button) {
      button.addEventListener('click', function () { self.timerAction(button.getAttribute('data-timer'), button); });
    });
    this.q('.timer-auto').addEventListener('change', function (event) {
      // Without a timer the box only matters for the next Start.
      if (!self.timer) return;
      // Pause on a paused timer, or resume on a running one, changes nothing but auto_close.
      self.sendTimer({ action: self.timer.running ? 'resume' : 'pause', auto_close: event.currentTarget.checked },
                     event.currentTarget);
    });

    const proposals = this.q('.tool-proposals');
    proposals.addEventListener('toggle', function () { if (proposals.open) self.refreshProposals(); });
    this.q('.merge-button').addEventListener('click', function (event) { self.merge(event.currentTarget); });
    this.q('.merge-clear').addEventListener('click', function () {
      self.picked.clear();
      self.renderProposals();
    });

    const paper = this.q('.tool-paper');
    paper.addEventListener('toggle', function () {
      if (!paper.open) return;
      if (self.proposals) self.renderPaper(); else self.refreshProposals();
    });
    this.q('.paper-form').addEventListener('submit', function (event) {
      event.preventDefault();
      self.submitPaper(event.currentTarget);
    });
    this.q('.paper-form').addEventListener('input', function () { self.paperTotal(); });

    const results = this.q('.tool-results');
    results.addEventListener('toggle', function () { if (results.open) self.refreshResults(); });
    Array.prototype.forEach.call(this.section.querySelectorAll('.results-mode'), function (button) {
      button.addEventListener('click', function () {
        self.resultsMode = button.getAttribute('data-mode');
        self.refreshResults();
      });
    });
    this.q('.results-refresh').addEventListener('click', function () { self.refreshResults(); });

    const carry = this.q('.carry-form');
    if (carry) carry.addEventListener('submit', function (event) {
      event.preventDefault();
      self.carry(carry);
    });
  };

  /* Everything that follows from the session's phase, method and reveal state. */
  SessionView.prototype.applyState = function () {
    const d = this.data;
    const phase = d.phase;
    this.section.setAttribute('data-phase', phase);
    Array.prototype.forEach.call(this.section.querySelectorAll('button.phase'), function (button) {
      const active = button.getAttribute('data-phase') === phase;
      button.classList.toggle('active', active);
      button.setAttribute('aria-pressed', active ? 'true' : 'false');
    });
    Array.prototype.forEach.call(this.section.querySelectorAll('[data-show-in]'), function (node) {
      node.hidden = node.getAttribute('data-show-in').split(' ').indexOf(phase) < 0;
    });
    this.section.classList.toggle('can-merge', MERGE_PHASES.indexOf(phase) >= 0);

    const toggle = this.q('.reveal-toggle');
    toggle.textContent = d.revealed ? T.hide_results : T.show_results;
    toggle.classList.toggle('primary', !d.revealed);
    toggle.setAttribute('aria-pressed', d.revealed ? 'true' : 'false');
    this.q('.board-hidden').checked = !!d.board_hides_results;
    this.q('.reveal-status').textContent = d.revealed ? T.results_shown
      : (d.board_hides_results ? T.results_hidden_all : T.results_hidden_phones);

    this.q('.settings-summary').textContent = this.summary();
    // The criteria editor is rebuilt when the criteria change, unless the facilitator is editing
    // them; once voting starts it always turns read-only.
    const editable = CRITERIA_PHASES.indexOf(phase) >= 0;
    const criteriaView = JSON.stringify([(d.settings || {}).criteria, editable]);
    if (d.method === 'score' && (!this.criteriaDirty || !editable) && criteriaView !== this.criteriaView) {
      this.criteriaView = criteriaView;
      this.criteriaDirty = false;
      this.renderCriteria();
    }
    this.renderMergeBar();
    if (this.proposals && this.q('.tool-paper').open && phase === 'vote') this.renderPaper();
  };

  SessionView.prototype.summary = function () {
    const s = this.data.settings || {};
    if (this.data.method === 'points') return fmt(T.points_each, { n: s.points_budget });
    if (this.data.method === 'score') return fmt(T.score_each, { n: (s.criteria || []).length });
    if (this.data.method === 'rank') return fmt(T.rank_each, { n: s.rank_size });
    return fmt(T.dots_each, { dots: s.dots_per_participant, cap: s.max_dots_per_proposal });
  };

  /* A `board:update` for this session. */
  SessionView.prototype.update = function (payload) {
    if (typeof payload.seq === 'number') {
      if (payload.seq < this.seq) return;
      this.seq = payload.seq;
    }
    const d = this.data;
    if (payload.phase && payload.phase !== d.phase) {
      d.phase = payload.phase;
      if (LIVE_PHASES.indexOf(payload.phase) >= 0) setCurrent(this.id);
    }
    d.revealed = !!payload.revealed;
    // The payload tells whether the board hides results only while they are hidden on phones.
    if (!d.revealed) d.board_hides_results = !!payload.results_hidden;
    if (payload.settings && payload.settings.criteria) d.settings = payload.settings;
    this.setTimer(payload.timer);
    this.applyState();

    const signature = JSON.stringify(payload.proposals || []);
    if (signature !== this.boardSignature) {
      this.boardSignature = signature;
      if (!this.proposals) this.q('.proposal-count').textContent = '(' + fmt(T.count_active, { n: payload.proposals_count || 0 }) + ')';
      if (this.proposals || this.q('.tool-proposals').open || this.q('.tool-paper').open) this.refreshProposals();
    }
    if (this.q('.tool-results').open) this.refreshResults();
  };

  /* ---------------------------------------------------------------- reveal and timer */

  SessionView.prototype.sendReveal = function (revealed, control) {
    const self = this;
    const boardHidden = this.q('.board-hidden').checked;
    busy(control, api('POST', '/sessions/' + this.id + '/reveal', { revealed: revealed, board_hidden: boardHidden }))
      .then(function (session) { self.takeSession(session); }, function (error) {
        self.applyState();
        self.fail(error);
      });
  };

  SessionView.prototype.takeSession = function (session) {
    const self = this;
    ['phase', 'revealed', 'board_hides_results', 'settings', 'method', 'title'].forEach(function (key) {
      if (key in session) self.data[key] = session[key];
    });
    if ('timer' in session) this.setTimer(session.timer);
    sessionData[this.id] = this.data;
    this.applyState();
  };

  SessionView.prototype.timerAction = function (action, button) {
    const body = { action: action };
    if (action === 'start') {
      const minutes = wholeNumber(this.q('.timer-minutes-input').value);
      if (!(minutes >= 1 && minutes <= 240)) {
        this.notice(T.minutes_invalid, 'error');
        this.q('.timer-minutes-input').focus();
        return;
      }
      body.seconds = minutes * 60;
      body.auto_close = this.q('.timer-auto').checked;
    } else if (action === 'pause') {
      body.action = this.timer && this.timer.running ? 'pause' : 'resume';
    } else if (action === 'extend') {
      body.seconds = 60;
    }
    this.sendTimer(body, button);
  };

  SessionView.prototype.sendTimer = function (body, control) {
    const self = this;
    busy(control, api('POST', '/sessions/' + this.id + '/timer', body))
      .then(function (session) { self.takeSession(session); }, function (error) {
        self.renderTimer();
        self.fail(error);
      });
  };

  SessionView.prototype.setTimer = function (timer) {
    this.timer = timer || null;
    this.timerAt = performance.now();
    const auto = this.q('.timer-auto');
    if (this.timer) auto.checked = !!this.timer.auto_close;
    this.renderTimer();
  };

  SessionView.prototype.remaining = function () {
    if (!this.timer) return null;
    const left = Number(this.timer.remaining) || 0;
    return this.timer.running ? Math.max(0, left - (performance.now() - this.timerAt) / 1000) : left;
  };

  SessionView.prototype.renderTimer = function () {
    const display = this.q('.timer-display');
    const left = this.remaining();
    const text = left === null ? '--:--' : clock(left);
    if (display.textContent !== text) display.textContent = text;
    const running = !!(this.timer && this.timer.running);
    display.classList.toggle('is-running', running);
    display.classList.toggle('is-over', left !== null && left <= 0);
    display.title = left === null ? T.timer_none : (left <= 0 ? T.timer_over : (this.timer.auto_close ? T.timer_auto_on : ''));
    const pause = this.q('[data-timer="pause"]');
    pause.textContent = running || !this.timer ? T.pause : T.resume;
    pause.disabled = !this.timer || (!running && left <= 0);
    this.q('[data-timer="extend"]').disabled = !this.timer;
    this.q('[data-timer="reset"]').disabled = !this.timer;
  };

  /* ---------------------------------------------------------------- scoring criteria */

  SessionView.prototype.renderCriteria = function () {
    const box = this.q('.criteria-editor');
    if (!box) return;
    const self = this;
    const criteria = (this.data.settings && this.data.settings.criteria) || [];
    const editable = CRITERIA_PHASES.indexOf(this.data.phase) >= 0;
    clear(box);
    if (!editable) {
      box.appendChild(el('ul', { className: 'criteria-list' }, criteria.map(function (c) {
        return el('li', {}, [el('strong', { text: c.label }), ' · ' + T.weight + ' ' + num(c.weight)]);
      })));
      return;
    }
    const body = el('tbody');
    const table = el('table', { className: 'criteria-table' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: T.criterion }), el('th', { text: T.key }),
                                     el('th', { text: T.weight }), el('th')])]), body]);
    function addRow(c) {
      const label = el('input', { type: 'text', className: 'crit-label', maxlength: 80, 'aria-label': T.criterion, value: c.label || '' });
      const key = el('input', { type: 'text', className: 'crit-key', maxlength: 40, 'aria-label': T.key, value: c.key || '' });
      const weight = el('input', { type: 'number', className: 'crit-weight', min: '0.1', max: '100', step: 'any',
                                   'aria-label': T.weight, value: c.weight === undefined ? '1' : String(c.weight) });
      const remove = el('button', { type: 'button', className: 'small-button', text: T.remove });
      const row = el('tr', {}, [el('td', {}, [label]), el('td', {}, [key]), el('td', {}, [weight]), el('td', {}, [remove])]);
      label.addEventListener('input', function () { key.placeholder = criterionKey(label.value); });
      remove.addEventListener('click', function () {
        row.parentNode.removeChild(row);
        self.criteriaDirty = true;
      });
      body.appendChild(row);
    }
    criteria.forEach(addRow);
    const add = el('button', { type: 'button', text: T.add_criterion });
    const save = el('button', { type: 'submit', className: 'primary', text: T.save_criteria });
    const message = el('p', { className: 'form-message', role: 'status', hidden: true });
    const form = el('form', { className: 'criteria-form' }, [table, el('p', { className: 'button-row' }, [add, save]), message]);
    add.addEventListener('click', function () {
      if (body.children.length < MAX_CRITERIA) addRow({});
      self.criteriaDirty = true;
    });
    form.addEventListener('input', function () { self.criteriaDirty = true; });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      const rows = Array.prototype.map.call(body.children, function (row) {
        const label = row.querySelector('.crit-label').value.trim();
        const key = row.querySelector('.crit-key').value.trim() || criterionKey(label);
        const weight = parseFloat(String(row.querySelector('.crit-weight').value).replace(',', '.'));
        return { key: key, label: label, weight: isFinite(weight) ? weight : 1 };
      }).filter(function (c) { return c.key || c.label; });
      busy(save, api('PATCH', '/sessions/' + self.id, { criteria: rows })).then(function (session) {
        self.criteriaDirty = false;
        self.criteriaView = null;
        self.takeSession(session);
        self.notice(T.criteria_saved, 'ok');
      }, function (error) { showMessage(message, error.message, 'error'); });
    });
    box.appendChild(form);
  };

  /* ---------------------------------------------------------------- the review list */

  SessionView.prototype.loadProposals = function () {
    const self = this;
    return api('GET', '/sessions/' + this.id + '/proposals').then(function (result) {
      self.proposals = result.proposals || [];
      self.proposals.forEach(function (p) { proposalTitles[p.id] = p.title; });
      self.renderProposals();
      if (self.q('.tool-paper').open && self.data.phase === 'vote') self.renderPaper();
    }, function (error) { self.fail(error); });
  };

  SessionView.prototype.byId = function (id) {
    return (this.proposals || []).filter(function (p) { return p.id === id; })[0];
  };

  SessionView.prototype.renderProposals = function () {
    const self = this;
    const list = this.q('.proposal-list');
    const proposals = this.proposals || [];
    const seen = new Set();
    proposals.forEach(function (p, i) {
      seen.add(p.id);
      let row = self.rows.get(p.id);
      if (!row) {
        row = self.makeRow(p.id);
        self.rows.set(p.id, row);
      }
      self.fillRow(row, p);
      if (list.children[i] !== row.li) list.insertBefore(row.li, list.children[i] || null);
    });
    this.rows.forEach(function (row, id) {
      if (!seen.has(id)) {
        row.li.parentNode.removeChild(row.li);
        self.rows.delete(id);
      }
    });
    this.picked.forEach(function (id) {
      const p = self.byId(id);
      if (!p || p.status !== 'active') self.picked.delete(id);
    });
    const counts = { active: 0, hidden: 0, merged: 0 };
    proposals.forEach(function (p) { counts[p.status] = (counts[p.status] || 0) + 1; });
    const parts = [fmt(T.count_active, { n: counts.active })];
    if (counts.hidden) parts.push(fmt(T.count_hidden, { n: counts.hidden }));
    if (counts.merged) parts.push(fmt(T.count_merged, { n: counts.merged }));
    this.q('.proposal-count').textContent = '(' + parts.join(', ') + ')';
    this.q('.proposal-empty').hidden = proposals.length > 0;
    this.renderMergeBar();
  };

  SessionView.prototype.makeRow = function (id) {
    const self = this;
    const row = {};
    row.pick = el('input', { type: 'checkbox', className: 'merge-pick', 'aria-label': T.pick_merge });
    row.id = el('span', { className: 'prop-id', text: '#' + id });
    row.title = el('strong', { className: 'prop-title' });
    row.dim = el('span', { className: 'dim-chip' });
    row.desc = el('p', { className: 'prop-desc' });
    row.meta = el('p', { className: 'prop-meta muted small' });
    row.status = el('p', { className: 'prop-status' });
    row.edit = el('button', { type: 'button', className: 'small-button', 'data-action': 'edit', text: T.edit });
    row.hide = el('button', { type: 'button', className: 'small-button', 'data-action': 'hide', text: T.hide });
    row.unhide = el('button', { type: 'button', className: 'small-button', 'data-action': 'unhide', text: T.unhide });
    row.plan = el('button', { type: 'button', className: 'small-button', 'data-action': 'plan', text: T.masterplan,
                              'aria-expanded': 'false' });
    row.panel = el('div', { className: 'prop-panel' });
    row.li = el('li', { className: 'prop', 'data-pid': id }, [
      el('div', { className: 'prop-main' }, [
        el('label', { className: 'prop-pick' }, [row.pick]),
        el('div', { className: 'prop-body' }, [
          el('div', { className: 'prop-line' }, [row.id, ' ', row.title, ' ', row.dim]), row.desc, row.meta, row.status]),
        el('div', { className: 'prop-actions' }, [row.edit, row.hide, row.unhide, row.plan])]),
      row.panel]);
    row.pick.addEventListener('change', function () {
      if (row.pick.checked) self.picked.add(id); else self.picked.delete(id);
      self.renderMergeBar();
    });
    row.edit.addEventListener('click', function () { self.openPanel(row, id, 'edit'); });
    row.hide.addEventListener('click', function () { self.openPanel(row, id, 'hide'); });
    row.plan.addEventListener('click', function () { self.openPanel(row, id, 'plan'); });
    row.unhide.addEventListener('click', function () {
      busy(row.unhide, api('PATCH', '/proposals/' + id, { hidden: false }))
        .then(function () { return self.loadProposals(); }, self.fail.bind(self));
    });
    return row;
  };

  SessionView.prototype.fillRow = function (row, p) {
    row.li.classList.toggle('is-hidden', p.status === 'hidden');
    row.li.classList.toggle('is-merged', p.status === 'merged');
    row.title.textContent = p.title;
    row.dim.textContent = dimLabels[p.dimension] || p.dimension || '';
    row.dim.className = 'dim-chip dim-' + (dimLabels[p.dimension] ? p.dimension : 'other');
    row.desc.textContent = p.description || '';
    row.desc.hidden = !p.description;
    const meta = [];
    if (p.group) meta.push(groupLabels[p.group] || p.group);
    if (p.organization) meta.push(p.organization);
    if (p.merged_count) meta.push(fmt(T.merged_count, { n: p.merged_count }));
    if (p.origin_proposal_id) meta.push(T.carried);
    if (p.horizon) meta.push(T['horizon_' + p.horizon] || p.horizon);
    if (p.quick_win) meta.push(T.quick_win);
    row.meta.textContent = meta.join(' · ');
    let status = '';
    if (p.status === 'hidden') status = p.hidden_reason ? fmt(T.hidden_because, { reason: p.hidden_reason }) : T.hidden_no_reason;
    if (p.status === 'merged') {
      const into = this.byId(p.merged_into_id);
      status = fmt(T.merged_into, { id: p.merged_into_id, title: into ? into.title : '' });
    }
    row.status.textContent = status;
    row.status.hidden = !status;
    row.pick.checked = this.picked.has(p.id);
    row.pick.disabled = p.status !== 'active';
    row.hide.hidden = p.status !== 'active';
    row.unhide.hidden = p.status !== 'hidden';
    row.edit.hidden = p.status === 'merged';
    row.plan.hidden = p.status === 'merged';
    if (p.status === 'merged' && row.open) this.closePanel(row);
  };

  SessionView.prototype.closePanel = function (row) {
    clear(row.panel);
    row.open = null;
    row.plan.setAttribute('aria-expanded', 'false');
  };

  /* One editor at a time under a row: edit (text, dimension), hide (reason) or plan (masterplan). */
  SessionView.prototype.openPanel = function (row, id, kind) {
    const self = this;
    if (row.open === kind) { this.closePanel(row); return; }
    this.closePanel(row);
    const p = this.byId(id);
    if (!p) return;
    row.open = kind;
    const message = el('p', { className: 'form-message', role: 'status', hidden: true });
    const save = el('button', { type: 'submit', className: 'primary' });
    const cancel = el('button', { type: 'button', text: T.cancel });
    cancel.addEventListener('click', function () { self.closePanel(row); });
    let fields, read;

    if (kind === 'edit') {
      save.textContent = T.save;
      const title = el('input', { type: 'text', name: 'title', maxlength: 120, value: p.title, required: true });
      const description = el('textarea', { name: 'description', maxlength: 1000, rows: 2 });
      description.value = p.description || '';
      const dimension = el('select', { name: 'dimension' }, (page.dimensions || []).map(function (d) {
        return el('option', { value: d.key, text: d.label, selected: d.key === p.dimension });
      }));
      fields = [label(T.title, title), label(T.description, description), label(T.dimension, dimension)];
      read = function () { return { title: title.value, description: description.value, dimension: dimension.value }; };
    } else if (kind === 'hide') {
      save.textContent = T.hide_confirm;
      const reason = el('input', { type: 'text', name: 'hidden_reason', maxlength: 500 });
      fields = [label(T.hide_reason, reason)];
      read = function () { return { hidden: true, hidden_reason: reason.value }; };
    } else {
      save.textContent = T.save;
      row.plan.setAttribute('aria-expanded', 'true');
      const texts = {};
      fields = ['goal', 'target', 'indicator'].map(function (name) {
        texts[name] = el('textarea', { name: name, maxlength: 1000, rows: 2 });
        texts[name].value = p[name] || '';
        return label(T[name], texts[name]);
      });
      texts.responsible_agency = el('input', { type: 'text', name: 'responsible_agency', maxlength: 160,
                                               value: p.responsible_agency || '' });
      const horizon = el('select', { name: 'horizon' }, [['', T.horizon_none], ['1', T.horizon_1], ['5', T.horizon_5],
                                                          ['10', T.horizon_10]].map(function (o) {
        return el('option', { value: o[0], text: o[1], selected: String(p.horizon || '') === o[0] });
      }));
      const quickWin = el('input', { type: 'checkbox', name: 'quick_win', checked: !!p.quick_win });
      fields.push(label(T.responsible_agency, texts.responsible_agency), label(T.horizon, horizon),
                  el('label', { className: 'check' }, [quickWin, ' ' + T.quick_win_label]));
      read = function () {
        const body = { horizon: horizon.value ? parseInt(horizon.value, 10) : null, quick_win: quickWin.checked };
        Object.keys(texts).forEach(function (name) { body[name] = texts[name].value; });
        return body;
      };
    }
    const form = el('form', { className: 'prop-form prop-form-' + kind, novalidate: true },
                    [el('div', { className: 'prop-fields' }, fields), el('p', { className: 'button-row' }, [save, cancel]), message]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      busy(save, api('PATCH', '/proposals/' + id, read())).then(function () {
        self.closePanel(row);
        return self.loadProposals();
      }, function (error) { showMessage(message, error.message, 'error'); });
    });
    row.panel.appendChild(form);
    const first = form.querySelector('input, textarea, select');
    if (first) first.focus();
  };

  function label(text, control) {
    return el('label', { className: 'field' }, [el('span', { text: text }), control]);
  }

  /* ---------------------------------------------------------------- merging */

  SessionView.prototype.renderMergeBar = function () {
    const self = this;
    const can = MERGE_PHASES.indexOf(this.data.phase) >= 0;
    const choose = this.q('.merge-choose');
    const picked = Array.from(this.picked).sort(function (a, b) { return a - b; });
    choose.hidden = !can || picked.length < 2;
    if (choose.hidden) return;
    const select = this.q('.merge-survivor');
    const keep = picked.indexOf(parseInt(select.value, 10)) >= 0 ? parseInt(select.value, 10) : picked[0];
    clear(select);
    picked.forEach(function (id) {
      const p = self.byId(id);
      select.appendChild(el('option', { value: id, text: '#' + id + ' ' + (p ? p.title : ''), selected: id === keep }));
    });
    this.q('.merge-button').textContent = fmt(T.merge_n, { n: picked.length - 1 });
  };

  SessionView.prototype.merge = function (button) {
    const self = this;
    const into = parseInt(this.q('.merge-survivor').value, 10);
    const others = Array.from(this.picked).filter(function (id) { return id !== into; });
    const survivor = this.byId(into);
    let chain = Promise.resolve();
    others.forEach(function (id) {
      chain = chain.then(function () {
        return api('POST', '/proposals/' + id + '/merge', { into: into }).then(function () { self.picked.delete(id); });
      });
    });
    busy(button, chain).then(function () {
      self.picked.clear();
      self.notice(fmt(T.merged_done, { n: others.length, title: survivor ? survivor.title : '#' + into }), 'ok');
    }, self.fail.bind(self)).then(function () { return self.loadProposals(); });
  };

  /* ---------------------------------------------------------------- carry-over */

  SessionView.prototype.carry = function (form) {
    const self = this;
    const message = form.querySelector('.form-message');
    const ids = Array.prototype.filter.call(form.querySelectorAll('input[name="from_session_ids"]'), function (box) {
      return box.checked;
    }).map(function (box) { return parseInt(box.value, 10); });
    if (!ids.length) { showMessage(message, T.carry_pick, 'error'); return; }
    const topN = wholeNumber(form.elements.top_n.value);
    busy(form.querySelector('button[type="submit"]'),
         api('POST', '/sessions/' + this.id + '/carry', { from_session_ids: ids, top_n: isNaN(topN) ? form.elements.top_n.value : topN }))
      .then(function (result) {
        const n = (result.copied || []).length;
        showMessage(message, n ? fmt(T.carry_done, { n: n }) : T.carry_none, 'ok');
        return self.loadProposals();
      }, function (error) { showMessage(message, error.message, 'error'); });
  };

  /* ---------------------------------------------------------------- paper ballots */

  SessionView.prototype.activeProposals = function () {
    return (this.proposals || []).filter(function (p) { return p.status === 'active'; });
  };

  /* The per-proposal input table in the shape of the session's method; kept while the list is the same. */
  SessionView.prototype.renderPaper = function () {
    const method = this.data.method;
    const s = this.data.settings || {};
    const criteria = s.criteria || [];
    const proposals = this.activeProposals();
    const signature = JSON.stringify([method, criteria, s.rank_size, proposals.map(function (p) { return [p.id, p.title]; })]);
    const help = this.q('.paper-help');
    if (method === 'dots') help.textContent = fmt(T.paper_help_dots, { budget: s.dots_per_participant, cap: s.max_dots_per_proposal });
    else if (method === 'points') help.textContent = fmt(T.paper_help_points, { budget: s.points_budget });
    else if (method === 'score') help.textContent = T.paper_help_score;
    else help.textContent = fmt(T.paper_help_rank, { k: s.rank_size });
    if (signature === this.paperSignature) return;
    this.paperSignature = signature;
    const box = this.q('.paper-table');
    clear(box);
    if (!proposals.length) { box.appendChild(el('p', { className: 'muted', text: T.paper_no_proposals })); return; }

    const head = [el('th', { text: T.proposal })];
    if (method === 'score') criteria.forEach(function (c) { head.push(el('th', { text: c.label })); });
    else head.push(el('th', { text: method === 'rank' ? T.position : (page.methods || {})[method] }));
    const rows = proposals.map(function (p) {
      const cells = [el('td', {}, [el('span', { className: 'prop-id', text: '#' + p.id }), ' ', p.title])];
      if (method === 'score') {
        criteria.forEach(function (c) {
          const options = [el('option', { value: '', text: '–' })];
          for (let n = 1; n <= SCORE_MAX; n++) options.push(el('option', { value: String(n), text: String(n) }));
          cells.push(el('td', {}, [el('select', { 'data-pid': p.id, 'data-criterion': c.key,
                                                  'aria-label': p.title + ' · ' + c.label }, options)]));
        });
      } else {
        const max = method === 'dots' ? s.max_dots_per_proposal : (method === 'points' ? s.points_budget : s.rank_size);
        cells.push(el('td', {}, [el('input', { type: 'number', min: method === 'rank' ? 1 : 0, max: max, step: 1,
                                               inputmode: 'numeric', 'data-pid': p.id, 'aria-label': p.title })]));
      }
      return el('tr', {}, cells);
    });
    box.appendChild(el('table', { className: 'paper-ballot' }, [el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]));
    if (method === 'dots' || method === 'points') box.appendChild(el('p', { className: 'paper-total muted' }));
    this.paperTotal();
  };

  SessionView.prototype.paperTotal = function () {
    const total = this.q('.paper-total');
    if (!total) return;
    const s = this.data.settings || {};
    let sum = 0;
    Array.prototype.forEach.call(this.q('.paper-table').querySelectorAll('input[data-pid]'), function (input) {
      const n = wholeNumber(input.value);
      if (!isNaN(n)) sum += n;
    });
    const budget = this.data.method === 'dots' ? s.dots_per_participant : s.points_budget;
    total.textContent = fmt(T.paper_total, { n: sum, budget: budget });
    total.classList.toggle('is-error', sum > budget);
  };

  /* The ballot in the method's wire shape, or a message saying what to fix. */
  SessionView.prototype.readPaper = function () {
    const method = this.data.method;
    const table = this.q('.paper-table');
    if (method === 'score') {
      const scores = {};
      Array.prototype.forEach.call(table.querySelectorAll('select[data-pid]'), function (select) {
        if (!select.value) return;
        const pid = select.getAttribute('data-pid');
        (scores[pid] = scores[pid] || {})[select.getAttribute('data-criterion')] = parseInt(select.value, 10);
      });
      return Object.keys(scores).length ? { ballot: { scores: scores } } : { error: T.paper_empty };
    }
    const entries = [];
    let bad = false;
    Array.prototype.forEach.call(table.querySelectorAll('input[data-pid]'), function (input) {
      if (String(input.value).trim() === '') return;
      const n = wholeNumber(input.value);
      if (isNaN(n)) { bad = true; return; }
      entries.push([input.getAttribute('data-pid'), n]);
    });
    if (method === 'rank') {
      const k = (this.data.settings || {}).rank_size;
      const positions = entries.map(function (e) { return e[1]; });
      const unique = positions.filter(function (n, i) { return positions.indexOf(n) === i; });
      if (bad || unique.length !== positions.length || positions.some(function (n) { return n < 1 || n > k; })) {
        return { error: fmt(T.paper_positions, { k: k }) };
      }
      if (!entries.length) return { error: T.paper_empty };
      entries.sort(function (a, b) { return a[1] - b[1]; });
      return { ballot: { ranking: entries.map(function (e) { return parseInt(e[0], 10); }) } };
    }
    if (bad) return { error: T.paper_number };
    const counts = {};
    entries.forEach(function (e) { if (e[1] > 0) counts[e[0]] = e[1]; });
    if (!Object.keys(counts).length) return { error: T.paper_empty };
    const wire = {};
    wire[method] = counts;
    return { ballot: wire };
  };

  SessionView.prototype.submitPaper = function (form) {
    const self = this;
    const message = form.querySelector('.form-message');
    const read = this.readPaper();
    if (read.error) { showMessage(message, read.error, 'error'); return; }
    const body = { name: form.elements.name.value, group: form.elements.group.value,
                   organization: form.elements.organization.value, ballot: read.ballot };
    busy(form.querySelector('button[type="submit"]'), api('POST', '/sessions/' + this.id + '/paper-ballots', body))
      .then(function (result) {
        showMessage(message, fmt(T.paper_saved, { id: result.participant_id }), 'ok');
        form.elements.name.value = '';
        form.elements.organization.value = '';
        Array.prototype.forEach.call(form.querySelectorAll('[data-pid]'), function (input) { input.value = ''; });
        self.paperTotal();
        if (self.q('.tool-results').open) self.refreshResults();
      }, function (error) { showMessage(message, error.message, 'error'); });
  };

  /* ---------------------------------------------------------------- results */

  SessionView.prototype.loadResults = function () {
    const self = this;
    const balanced = this.resultsMode === 'balanced';
    Array.prototype.forEach.call(this.section.querySelectorAll('.results-mode'), function (button) {
      button.setAttribute('aria-pressed', button.getAttribute('data-mode') === self.resultsMode ? 'true' : 'false');
    });
    return api('GET', '/sessions/' + this.id + '/results' + (balanced ? '?balance=groups' : '')).then(function (result) {
      if ((self.resultsMode === 'balanced') === balanced) self.renderResults(result);
    }, function (error) { self.fail(error); });
  };

  SessionView.prototype.renderResults = function (result) {
    const balanced = !!result.balanced;
    const box = this.q('.results-table');
    const method = result.method;
    const criteria = ((this.data.settings || {}).criteria) || [];
    const voters = result.group_voters || {};
    const groups = (page.groups || []).filter(function (g) { return voters[g.key] > 0; });
    this.q('.results-help').textContent = (balanced ? T.results_help_balanced : T.results_help_overall) +
      (result.voters ? '' : ' ' + T.no_votes);
    clear(box);
    const head = [el('th', { text: T.rank }), el('th', { text: T.proposal }), el('th', { className: 'num', text: T.score }),
                  el('th', { className: 'num', text: T.voters })];
    if (balanced) head.push(el('th', { className: 'num', text: T.overall_rank }));
    if (method === 'score') criteria.forEach(function (c) { head.push(el('th', { className: 'num crit', text: c.label })); });
    groups.forEach(function (g) { head.push(el('th', { className: 'num group', text: g.label + ' (' + voters[g.key] + ')' })); });
    const rows = (result.results || []).map(function (r) {
      const cells = [el('td', { className: 'rank', text: String(r.rank) }),
                     el('td', {}, [r.title, ' ', el('span', { className: 'dim-chip dim-' + (dimLabels[r.dimension] ? r.dimension : 'other'),
                                                              text: dimLabels[r.dimension] || '' })]),
                     el('td', { className: 'num score', text: num(r.score) }), el('td', { className: 'num', text: String(r.voters) })];
      if (balanced) cells.push(el('td', { className: 'num', text: String(r.overall_rank) }));
      if (method === 'score') {
        const means = (r.detail && r.detail.criteria_means) || {};
        criteria.forEach(function (c) { cells.push(el('td', { className: 'num crit', text: num(means[c.key]) })); });
      }
      const byGroup = (balanced ? r.by_group_balanced : r.by_group) || {};
      groups.forEach(function (g) { cells.push(el('td', { className: 'num group', text: num(byGroup[g.key]) })); });
      return el('tr', { 'data-pid': r.proposal_id }, cells);
    });
    box.appendChild(el('table', { className: 'results' }, [el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]));

    const spread = this.q('.results-disagreements');
    clear(spread);
    if ((result.disagreements || []).length) {
      spread.appendChild(el('h4', { text: T.disagreements }));
      spread.appendChild(el('ul', {}, result.disagreements.map(function (d) {
        const parts = Object.keys(d.by_group || {}).map(function (key) { return (groupLabels[key] || key) + ' ' + num(d.by_group[key]); });
        return el('li', {}, [el('strong', { text: d.title }), ' · ' + fmt(T.spread, { n: num(d.spread) }) + ' (' + parts.join(' · ') + ')']);
      })));
    }
  };

  /* ---------------------------------------------------------------- moderation log */

  const logBox = document.getElementById('moderation-log');

  function logText(entry) {
    const d = entry.detail || {};
    const phases = page.phases || {};
    switch (entry.action) {
      case 'session_created':
        return fmt(T.log_session_created, { title: d.title, method: (page.methods || {})[d.method] || d.method });
      case 'session_updated': {
        const before = d.before || {}, after = d.after || {};
        const fields = [];
        ['title', 'method'].forEach(function (k) { if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) fields.push(T['field_' + k] || k); });
        const bs = before.settings || {}, as = after.settings || {};
        if (JSON.stringify(bs.criteria) !== JSON.stringify(as.criteria)) fields.push(T.field_criteria);
        const rest = function (s) { const c = Object.assign({}, s); delete c.criteria; return JSON.stringify(c); };
        if (rest(bs) !== rest(as)) fields.push(T.field_settings);
        return fmt(T.log_session_updated, { fields: fields.join(', ') || '–' });
      }
      case 'phase':
        return fmt(d.by_timer ? T.log_phase_timer : T.log_phase,
                   { before: phases[d.before] || d.before, after: phases[d.after] || d.after });
      case 'reveal':
        return d.revealed ? T.log_reveal_on : (d.board_hidden ? T.log_reveal_off_board : T.log_reveal_off);
      case 'timer': {
        const action = d.timer_action || d.action;
        if (action === 'start') return fmt(T.log_timer_start, { time: clock((d.timer && d.timer.duration) || 0) });
        return T['log_timer_' + action] || ('timer ' + action);
      }
      case 'edit': {
        const changes = d.changes || {};
        const fields = Object.keys(changes).map(function (k) { return T['field_' + k] || k; });
        const title = changes.title ? changes.title.before : null;
        return fmt(T.log_edit, { proposal: title ? '#' + entry.proposal_id + ' “' + title + '”' : proposalLabel(entry.proposal_id),
                                 fields: fields.join(', ') });
      }
      case 'hide': {
        const reason = d.changes && d.changes.hidden_reason ? d.changes.hidden_reason.after : '';
        return fmt(T.log_hide, { proposal: proposalLabel(entry.proposal_id), reason: reason || '–' });
      }
      case 'unhide':
        return fmt(T.log_unhide, { proposal: proposalLabel(entry.proposal_id) });
      case 'merge':
        return fmt(T.log_merge, { source: (d.source || {}).title, into: (d.into || {}).title, n: d.ballots_moved || 0 });
      case 'carry_over':
        return fmt(T.log_carry_over, { n: d.top_n, copied: d.copied,
                                       sessions: (d.from_session_ids || []).map(sessionLabel).join(', ') });
      case 'paper_ballot':
        return fmt(T.log_paper_ballot, { group: groupLabels[d.group] || d.group || '', name: d.name ? ', ' + d.name : '' });
      case 'remove_participant':
        return fmt(T.log_remove_participant, { group: groupLabels[d.group] || d.group || '', name: d.name ? ', ' + d.name : '',
                                               n: d.ballot_entries_removed || 0 });
      case 'workshop_closed':
        return T.log_workshop_closed;
      case 'workshop_reopened':
        return T.log_workshop_reopened;
      default:
        return entry.action + ' ' + JSON.stringify(d);
    }
  }

  function loadLog() {
    return api('GET', '/workshops/' + page.workshop_id + '/moderation-log').then(function (result) {
      const list = logBox.querySelector('.log-list');
      clear(list);
      const entries = result.entries || [];
      entries.forEach(function (entry) {
        const at = new Date(entry.at);
        list.appendChild(el('li', { 'data-action': entry.action }, [
          el('time', { datetime: entry.at, title: at.toLocaleString(locale), text: at.toLocaleTimeString(locale) }),
          el('span', { className: 'log-who', text: entry.by || T.log_timer }),
          entry.session_id ? el('span', { className: 'log-session', text: sessionLabel(entry.session_id) }) : null,
          el('span', { className: 'log-what', text: logText(entry) })]));
      });
      logBox.querySelector('.log-empty').hidden = entries.length > 0;
    }, function (error) {
      logBox.querySelector('.log-empty').hidden = false;
      logBox.querySelector('.log-empty').textContent = error.message;
    });
  }

  const refreshLog = throttled(loadLog, REFRESH_MIN_MS);
  if (logBox) {
    const details = logBox.querySelector('.tool-log');
    details.addEventListener('toggle', function () { if (details.open) refreshLog(); });
    logBox.querySelector('.log-refresh').addEventListener('click', refreshLog);
  }
  function logChanged() {
    if (logBox && logBox.querySelector('.tool-log').open) refreshLog();
  }

  /* ---------------------------------------------------------------- new-session form */

  const newSession = document.getElementById('new-session');
  if (newSession) {
    const method = newSession.querySelector('select[name="method"]');
    const showSettings = function () {
      Array.prototype.forEach.call(newSession.querySelectorAll('.method-settings'), function (fieldset) {
        fieldset.hidden = fieldset.getAttribute('data-method') !== method.value;
      });
    };
    method.addEventListener('change', showSettings);
    showSettings();
    newSession.addEventListener('input', function (event) {
      const name = event.target.name || '';
      if (/^criteria-\d+-label$/.test(name)) {
        const key = newSession.querySelector('[name="' + name.replace(/label$/, 'key') + '"]');
        if (key) key.placeholder = criterionKey(event.target.value);
      }
    });
  }

  /* ---------------------------------------------------------------- start */

  Array.prototype.forEach.call(document.querySelectorAll('section.session[data-session-id]'), function (section) {
    const id = parseInt(section.getAttribute('data-session-id'), 10);
    if (sessionData[id]) views.set(id, new SessionView(section, sessionData[id]));
  });

  setInterval(function () { views.forEach(function (view) { view.renderTimer(); }); }, 250);

  const conn = document.getElementById('conn');
  let socket = null;
  function connected() { return !!(socket && socket.connected); }
  function showConn() {
    if (!conn) return;
    conn.textContent = connected() ? T.connected : T.disconnected;
    conn.classList.toggle('is-error', !connected());
  }

  function onUpdate(payload) {
    if (!payload || payload.workshop_id !== page.workshop_id) return;
    const view = views.get(payload.session_id);
    if (view) view.update(payload);
    logChanged();
  }

  if (window.io && views.size) {
    socket = window.io({ transports: ['websocket', 'polling'] });
    socket.on('connect', function () {
      showConn();
      views.forEach(function (view) {
        socket.emit('board:watch', { session_id: view.id }, function (ack) {
          if (ack && ack.ok) onUpdate(ack.update);
          else if (ack && ack.error) view.fail(ack.error);
        });
      });
    });
    socket.on('board:update', onUpdate);
    socket.on('disconnect', function (reason) {
      showConn();
      if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, 3000);
    });
    socket.on('connect_error', function () {
      showConn();
      if (!socket.active) setTimeout(function () { socket.connect(); }, 5000);
    });
  }

  // Without live updates, reload what is open every few seconds.
  setInterval(function () {
    if (connected()) return;
    views.forEach(function (view) {
      if (view.q('.tool-proposals').open || view.q('.tool-paper').open) view.refreshProposals();
      if (view.q('.tool-results').open) view.refreshResults();
    });
    logChanged();
  }, POLL_MS);
})();
