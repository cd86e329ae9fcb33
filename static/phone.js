/* Rembuk: the participant's phone page (templates/phone.html) and the code page
 * (templates/phone_code.html).
 *
 * Plain ES2017, no framework, no build step. The server's `session:state` snapshot is the
 * truth: every one re-renders the screen. What the phone does on its own (proposals not yet
 * acknowledged, dots tapped but not yet saved) is kept aside and replayed on reconnect.
 * User-provided text (titles, names, organizations) only ever goes through textContent.
 */
(function () {
  'use strict';

  var ACK_TIMEOUT_MS = 8000;      // no ack within this: keep the action and resend
  var CAST_DEBOUNCE_MS = 300;     // rapid taps on − / + send one ballot
  var OFFLINE_AFTER_MS = 10000;   // "reconnecting…" turns into "offline" after this
  var FILTER_MIN_PROPOSALS = 9;   // dimension chips appear above this many proposals
  var LONG_DESCRIPTION = 90;      // longer descriptions are folded to two lines when voting
  var DIM_KEYS = ['governance', 'branding', 'economy', 'living', 'society', 'environment'];
  var PLAN_FIELDS = ['goal', 'target', 'indicator', 'responsible_agency'];
  var PLAN_LIMITS = { goal: 1000, target: 1000, indicator: 1000, responsible_agency: 160 };

  // ------------------------------------------------------------------ small helpers

  function $(id) { return document.getElementById(id); }

  function readJSON(id) {
    var el = $(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  /** Fill `%(name)s` placeholders. */
  function fmt(template, params) {
    return String(template).replace(/%\((\w+)\)s/g, function (m, key) {
      return params && Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m;
    });
  }

  /** Build an element. `text` sets textContent; children are nodes or strings (as text). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key === 'hidden') node.hidden = true;
        else if (key === 'disabled') node.disabled = true;
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function show(node, visible) { if (node) node.hidden = !visible; }

  /** A CSS-safe dimension key (the class name never carries arbitrary text). */
  function dimClass(key) { return 'dim-' + (DIM_KEYS.indexOf(key) >= 0 ? key : 'other'); }

  function randomId() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  var storage = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* full or private */ } },
    remove: function (key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } },
    getJSON: function (key) {
      var raw = storage.get(key);
      if (raw === null) return null;
      try { return JSON.parse(raw); } catch (e) { return null; }
    },
    setJSON: function (key, value) { storage.set(key, JSON.stringify(value)); }
  };

  // ------------------------------------------------------------------ code page (/j)

  function initCodePage(form) {
    var input = $('code-input');
    if (!input) return;
    input.addEventListener('input', function () {
      var value = input.value;
      // A pasted join link works too: keep what follows /j/.
      var m = value.match(/\/j\/([A-Za-z0-9]+)/);
      if (m) value = m[1];
      value = value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6);
      if (value !== input.value) input.value = value;
      input.removeAttribute('aria-invalid');
    });
    form.addEventListener('submit', function (ev) {
      if (!input.value.trim()) { ev.preventDefault(); input.focus(); }
    });
  }

  // ------------------------------------------------------------------ phone page (/j/<CODE>)

  function initPhonePage(app) {
    var data = readJSON('page-data') || {};
    var T = readJSON('phone-strings') || {};
    var code = String(data.join_code || app.getAttribute('data-join-code') || '');
    var keys = {
      token: 'rembuk:' + code + ':token',
      participant: 'rembuk:' + code + ':participant',
      outbox: 'rembuk:' + code + ':outbox',
      draft: 'rembuk:' + code + ':draft'
    };

    var groupLabels = {};
    (data.groups || []).forEach(function (g) { groupLabels[g.key] = g.label; });
    var dims = {};
    (data.dimensions || []).forEach(function (d) { dims[d.key] = d; });

    var S = {
      token: storage.get(keys.token),
      participant: storage.getJSON(keys.participant),
      socket: null,
      everConnected: false,
      conn: 'connecting',          // connecting | online | reconnecting
      disconnectedAt: 0,
      snap: null,                  // the last session:state
      shownKey: '',                // session+phase on screen (to scroll up on change)
      acked: {},                   // last ballot the server confirmed: {"<pid>": n}
      ackedRemaining: null,
      local: {},                   // ballot as shown (may be ahead of `acked`)
      timer: null,                 // {running, remaining, at}: `at` is Date.now() at receipt
      timerTick: null,
      ballotDirty: false,          // local taps not yet confirmed
      castTimer: null,
      castInFlight: false,
      outbox: [],                  // proposals sent but not acknowledged
      inflight: {},                // client_id -> true while waiting for its ack
      filter: 'all',
      expanded: {},
      voteCards: {},               // pid -> {li, minus, plus, dots}
      noticeTimer: null
    };

    // The cookie decides who this phone is when the page knows; a token of someone else goes.
    if (data.participant) {
      if (!S.participant || S.participant.id !== data.participant.id) S.token = null;
      S.participant = data.participant;
      if (!S.token) storage.remove(keys.token);
      storage.setJSON(keys.participant, S.participant);
    } else if (S.participant && !S.token) {
      // Without cookie nor token nobody is known.
      S.participant = null;
    }
    var outbox = storage.getJSON(keys.outbox);
    if (Array.isArray(outbox)) S.outbox = outbox.filter(function (i) { return i && i.client_id; });

    show($('boot'), false);

    // ---------------------------------------------------------------- join screen

    var joinForm = $('join-form');
    var joinButton = $('join-button');
    var joinLabel = joinButton.textContent;

    function setFieldError(prefix, field, message) {
      var box = $(prefix + '-' + field + '-error');
      if (!box) return false;
      box.textContent = message || '';
      box.hidden = !message;
      var input = joinForm.contains(box) ? joinForm.querySelector('[name="' + field + '"]')
        : $('propose-form').querySelector('[name="' + field + '"]');
      var wrapper = box.parentNode;
      if (wrapper) wrapper.classList.toggle('has-error', !!message);
      if (input && input.type !== 'radio') {
        if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      }
      return true;
    }

    function setFormError(id, message) {
      var box = $(id);
      box.textContent = message || '';
      box.hidden = !message;
    }

    function clearJoinErrors() {
      ['name', 'group', 'organization'].forEach(function (f) { setFieldError('join', f, ''); });
      setFormError('join-error', '');
    }

    function showJoin(message, prefill) {
      show($('live-screen'), false);
      show($('me-line'), false);
      show($('join-screen'), true);
      clearJoinErrors();
      if (prefill) {
        $('join-name').value = prefill.name || '';
        $('join-organization').value = prefill.organization || '';
        var radio = joinForm.querySelector('input[name="group"][value="' + cssEscape(prefill.group || '') + '"]');
        if (radio) radio.checked = true;
        syncChecked(joinForm);
      }
      if (message) setFormError('join-error', message);
    }

    /** Mark the chosen radio's label (for browsers without :has()). */
    function syncChecked(form) {
      Array.prototype.forEach.call(form.querySelectorAll('input[type="radio"], input[type="checkbox"]'), function (r) {
        var label = r.closest ? r.closest('label') : null;
        if (label) label.classList.toggle('is-checked', r.checked);
      });
    }

    function cssEscape(value) {
      return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/[^a-zA-Z0-9_-]/g, '');
    }

    joinForm.addEventListener('input', function (ev) {
      if (ev.target && ev.target.name) setFieldError('join', ev.target.name, '');
    });
    joinForm.addEventListener('change', function (ev) {
      if (ev.target && ev.target.name) setFieldError('join', ev.target.name, '');
      syncChecked(joinForm);
    });

    joinForm.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (joinButton.disabled) return;
      clearJoinErrors();
      var name = $('join-name').value.trim();
      var checked = joinForm.querySelector('input[name="group"]:checked');
      var group = checked ? checked.value : '';
      var organization = $('join-organization').value.trim();
      var firstBad = null;
      if (!name) { setFieldError('join', 'name', T.name_required); firstBad = firstBad || $('join-name'); }
      if (!group) {
        setFieldError('join', 'group', T.group_required);
        firstBad = firstBad || joinForm.querySelector('input[name="group"]');
      }
      if (firstBad) { firstBad.focus(); return; }

      joinButton.disabled = true;
      joinButton.textContent = T.joining;
      postJoin({ join_code: code, name: name, group: group, organization: organization })
        .then(function (result) {
          if (result.ok) {
            S.token = result.body.token || null;
            S.participant = result.body.participant;
            if (S.token) storage.set(keys.token, S.token);
            storage.setJSON(keys.participant, S.participant);
            startLive();
            return;
          }
          var error = result.body && result.body.error;
          var message = (error && error.message) || T.join_failed;
          var field = error && error.field;
          if (!(field && setFieldError('join', field, message))) setFormError('join-error', message);
        })
        .catch(function () { setFormError('join-error', T.network_error); })
        .then(function () {
          joinButton.disabled = false;
          joinButton.textContent = joinLabel;
        });
    });

    function postJoin(payload) {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, 15000) : null;
      return fetch(data.join_api || '/api/v1/join', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(payload),
        credentials: 'same-origin',
        signal: controller ? controller.signal : undefined
      }).then(function (res) {
        if (timer) clearTimeout(timer);
        return res.json().catch(function () { return null; }).then(function (body) {
          return { ok: res.ok && !!(body && body.participant), body: body };
        });
      });
    }

    /** Forget who this phone was (the server no longer knows the token or cookie). */
    function forget() {
      var who = S.participant;
      [keys.token, keys.participant, keys.outbox].forEach(storage.remove);
      S.token = null;
      S.participant = null;
      S.outbox = [];
      S.inflight = {};
      S.snap = null;
      S.shownKey = '';
      S.ballotDirty = false;
      clearTimeout(S.castTimer);
      if (S.socket) {
        S.socket.off();
        S.socket.io.off();
        S.socket.disconnect();
        S.socket = null;
      }
      S.everConnected = false;
      S.conn = 'connecting';
      showJoin(T.join_again, who);
    }

    // ---------------------------------------------------------------- live connection

    function startLive() {
      show($('join-screen'), false);
      show($('live-screen'), true);
      renderMe();
      render();
      connect();
    }

    function connect() {
      if (typeof window.io !== 'function') { S.conn = 'reconnecting'; renderConn(); return; }
      var socket = window.io({
        // A function, so a reconnect always offers the current token.
        auth: function (cb) { cb(S.token ? { token: S.token } : {}); },
        reconnection: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 5000,
        timeout: 10000,
        forceNew: true
      });
      S.socket = socket;

      socket.on('connect', function () {
        S.everConnected = true;
        S.refusals = 0;
        S.conn = 'online';
        S.disconnectedAt = 0;
        renderConn();
        flushOutbox();
        // A dirty ballot is resent once the snapshot says the same vote is still open.
      });

      socket.on('disconnect', function (reason) {
        S.conn = 'reconnecting';
        S.disconnectedAt = Date.now();
        S.inflight = {};
        S.castInFlight = false;
        renderConn();
        // The server closed us on purpose: try again a little later (it refuses if we are unknown).
        if (reason === 'io server disconnect') setTimeout(function () { if (S.socket === socket) socket.connect(); }, 3000);
      });

      socket.on('connect_error', function (err) {
        var code = err && ((err.data && (err.data.code || (err.data.error && err.data.error.code))) || err.message);
        if (code === 'unauthorized') {
          // Asked once more first: a server hiccup at connect is also answered "unauthorized".
          S.refusals = (S.refusals || 0) + 1;
          if (S.refusals >= 2) { forget(); return; }
          setTimeout(function () { if (S.socket === socket) socket.connect(); }, 1500);
          return;
        }
        S.conn = 'reconnecting';
        if (!S.disconnectedAt) S.disconnectedAt = Date.now();
        renderConn();
        // Refused by the server for another reason: no automatic retry, so retry by hand.
        if (!socket.active) setTimeout(function () { if (S.socket === socket) socket.connect(); }, 3000);
      });

      socket.on('session:state', applySnapshot);
    }

    window.addEventListener('online', renderConn);
    window.addEventListener('offline', renderConn);
    setInterval(function () { if (S.conn !== 'online') renderConn(); }, 2000);

    function isConnected() { return !!(S.socket && S.socket.connected); }

    function pendingCount() { return S.outbox.length + (S.ballotDirty ? 1 : 0); }

    function renderConn() {
      var box = $('conn');
      var state = S.conn;
      var pending = pendingCount();
      var text;
      if (state === 'online') {
        text = T.conn_online;
        if (pending) text += ' · ' + T.conn_sending;
      } else {
        var offline = navigator.onLine === false ||
          (S.disconnectedAt && Date.now() - S.disconnectedAt > OFFLINE_AFTER_MS);
        if (offline) state = 'offline';
        else if (!S.everConnected) state = 'connecting';
        text = state === 'offline' ? T.conn_offline
          : state === 'connecting' ? T.conn_connecting : T.conn_reconnecting;
        if (pending) text += ' — ' + fmt(T.conn_waiting, { n: pending });
      }
      box.setAttribute('data-state', state);
      // Only real changes reach the live region (screen readers announce each one).
      if ($('conn-text').textContent !== text) $('conn-text').textContent = text;
    }

    // ---------------------------------------------------------------- notices

    function notify(message, kind) {
      var box = $('notice');
      clearTimeout(S.noticeTimer);
      $('notice-text').textContent = message;
      box.className = 'ph-notice ' + (kind === 'error' ? 'is-error' : 'is-ok');
      box.hidden = false;
      // Confirmations fade on their own; errors stay until closed or replaced.
      if (kind !== 'error') S.noticeTimer = setTimeout(hideNotice, 3500);
    }

    function hideNotice() { clearTimeout(S.noticeTimer); $('notice').hidden = true; }

    $('notice-close').addEventListener('click', hideNotice);

    // ---------------------------------------------------------------- snapshots

    function phaseOf(snap) {
      if (!snap) return 'loading';
      if (snap.session_id === null || snap.session_id === undefined) return 'wait';
      if (['collect', 'review', 'vote', 'closed'].indexOf(snap.phase) >= 0) return snap.phase;
      return 'wait';
    }

    function normBallot(raw) {
      var out = {};
      if (raw && typeof raw === 'object') {
        Object.keys(raw).forEach(function (k) {
          var n = raw[k];
          if (typeof n === 'number' && n > 0) out[String(k)] = n;
        });
      }
      return out;
    }

    function sameBallot(a, b) {
      var ka = Object.keys(a), kb = Object.keys(b);
      if (ka.length !== kb.length) return false;
      return ka.every(function (k) { return a[k] === b[k]; });
    }

    function sum(ballot) {
      return Object.keys(ballot).reduce(function (t, k) { return t + ballot[k]; }, 0);
    }

    function applySnapshot(snap) {
      if (!snap || typeof snap !== 'object') return;
      var prev = S.snap;
      var sameSession = !!prev && prev.session_id === snap.session_id;
      if (!Array.isArray(snap.proposals)) snap.proposals = [];
      S.snap = snap;
      S.acked = normBallot(snap.ballot && snap.ballot.dots);
      S.ackedRemaining = typeof snap.remaining === 'number' ? snap.remaining : null;
      if (S.ballotDirty && sameSession && snap.phase === 'vote') {
        // Taps made while offline: keep them (for proposals still listed) and send them now.
        var ids = {};
        snap.proposals.forEach(function (p) { ids[String(p.id)] = true; });
        Object.keys(S.local).forEach(function (k) { if (!ids[k]) delete S.local[k]; });
        scheduleCast(0);
      } else {
        S.local = Object.assign({}, S.acked);
        S.ballotDirty = false;
        clearTimeout(S.castTimer);
      }
      if (!sameSession) { S.filter = 'all'; S.expanded = {}; }
      setTimer(snap.timer);
      render();
    }

    // ---------------------------------------------------------------- timer

    /** Count down from `remaining` as sent, by this phone's clock since receipt: never from `ends_at`,
     *  since a phone's clock may be minutes off (only the elapsed time is used, which a wrong clock
     *  still measures well; Date.now() keeps counting while the phone sleeps, performance.now() may not). */
    function setTimer(timer) {
      if (timer && typeof timer === 'object' && typeof timer.remaining === 'number') {
        S.timer = { running: !!timer.running, remaining: Math.max(0, timer.remaining), at: Date.now() };
      } else {
        S.timer = null;
      }
      clearInterval(S.timerTick);
      S.timerTick = S.timer && S.timer.running ? setInterval(renderTimer, 250) : null;
      renderTimer();
    }

    function timerLeft() {
      var t = S.timer;
      if (!t) return null;
      var left = t.running ? t.remaining - Math.max(0, Date.now() - t.at) / 1000 : t.remaining;
      return Math.max(0, left);
    }

    function clock(seconds) {
      var s = Math.ceil(seconds);
      var h = Math.floor(s / 3600);
      var m = Math.floor((s % 3600) / 60);
      var pad = function (n) { return (n < 10 ? '0' : '') + n; };
      return (h ? h + ':' + pad(m) : pad(m)) + ':' + pad(s % 60);
    }

    function renderTimer() {
      var box = $('phone-timer');
      var left = timerLeft();
      var live = left !== null && phaseOf(S.snap) !== 'wait' && phaseOf(S.snap) !== 'loading';
      box.hidden = !live;
      if (!live) { clearInterval(S.timerTick); S.timerTick = null; return; }
      var state = !S.timer.running ? 'paused' : left <= 0 ? 'done' : left <= 60 ? 'ending' : 'running';
      var text = clock(left) + (state === 'paused' ? ' · ' + T.timer_paused : '');
      if ($('phone-timer-text').textContent !== text) $('phone-timer-text').textContent = text;
      box.setAttribute('data-state', state);
      box.setAttribute('aria-label', T.timer_label + ' ' + text);
      if (state === 'done') { clearInterval(S.timerTick); S.timerTick = null; }
    }

    // ---------------------------------------------------------------- rendering

    var INSTRUCTIONS = {
      loading: 'loading', wait: 'instr_wait', collect: 'instr_collect',
      review: 'instr_review', vote: 'instr_vote', closed: 'instr_closed'
    };

    function render() {
      var snap = S.snap;
      var phase = phaseOf(snap);
      $('instruction').textContent = T[INSTRUCTIONS[phase]] || '';
      $('bar').setAttribute('data-phase', phase);

      var title = $('session-title');
      var showTitle = phase !== 'wait' && phase !== 'loading' && snap && snap.title;
      title.textContent = showTitle ? snap.title : '';
      show(title, !!showTitle);

      ['wait', 'collect', 'review', 'vote', 'closed'].forEach(function (p) {
        show($('view-' + p), p === phase || (p === 'wait' && phase === 'loading'));
      });

      if (phase === 'wait' || phase === 'loading') renderWait();
      if (phase === 'collect') renderCollect();
      if (phase === 'review') renderReview();
      if (phase === 'vote') renderVote(); else S.voteCards = {};
      if (phase === 'closed') renderClosed();
      renderDotsBar();
      renderTimer();
      renderConn();

      var shown = (snap ? snap.session_id : '') + ':' + phase;
      if (shown !== S.shownKey) {
        // A new screen: start at its top, without the previous screen's confirmations.
        if (S.shownKey && phase !== 'loading') window.scrollTo(0, 0);
        if (!$('notice').classList.contains('is-error')) hideNotice();
        S.shownKey = shown;
      }
    }

    function renderMe() {
      var p = S.participant;
      var line = $('me-line');
      if (!p) { line.hidden = true; return; }
      var parts = [p.name, groupLabels[p.group] || p.group];
      line.textContent = parts.filter(Boolean).join(' · ');
      line.hidden = false;
    }

    function renderWait() {
      var p = S.participant || {};
      $('wait-name').textContent = p.name || '';
      $('wait-group').textContent = [groupLabels[p.group] || p.group, p.organization].filter(Boolean).join(' · ');
      var next = $('wait-next');
      var snap = S.snap;
      var hasNext = snap && snap.session_id !== null && snap.session_id !== undefined && snap.title;
      next.textContent = hasNext ? fmt(T.next_session, { title: snap.title }) : '';
      show(next, !!hasNext);
    }

    function horizonText(h) {
      if (h === 1) return T.horizon_one;
      return h === 5 || h === 10 ? fmt(T.horizon_n, { n: h }) : '';
    }

    /** The common part of a proposal card: dimension, badges, title, description, details, who. */
    function proposalBody(p, opts) {
      var dim = dims[p.dimension];
      var merged = typeof p.merged_count === 'number' && p.merged_count > 0 ? p.merged_count : 0;
      var horizon = horizonText(p.horizon);
      var tags = el('p', { class: 'ph-card-tags' }, [
        el('span', { class: 'ph-dimtag', text: dim ? dim.label : String(p.dimension || '') }),
        p.mine ? el('span', { class: 'ph-mine', text: T.mine }) : null,
        p.quick_win === true ? el('span', { class: 'ph-badge ph-badge-qw', text: T.quick_win }) : null,
        horizon ? el('span', { class: 'ph-badge', text: horizon }) : null,
        merged ? el('span', { class: 'ph-badge ph-badge-merged', text: fmt(T.merged, { n: merged }) }) : null
      ]);
      var nodes = [tags, el('h3', { class: 'ph-card-title', text: String(p.title || '') })];
      var description = String(p.description || '').trim();
      if (description && opts && opts.fold && description.length > LONG_DESCRIPTION) {
        // A long description is folded to two lines; tapping it opens and closes it.
        var key = String(p.id);
        var open = !!S.expanded[key];
        nodes.push(el('button', {
          class: 'ph-card-desc ph-desc-toggle' + (open ? '' : ' is-folded'), type: 'button',
          'data-more': key, 'aria-expanded': open ? 'true' : 'false', text: description
        }));
      } else if (description) {
        nodes.push(el('p', { class: 'ph-card-desc', text: description }));
      }
      // Goal, target, indicator, agency: folded (a native <details>, no script needed to open it).
      var plan = PLAN_FIELDS.filter(function (f) { return String(p[f] || '').trim(); });
      if (plan.length) {
        var rows = [];
        plan.forEach(function (f) {
          rows.push(el('dt', { class: 'ph-plan-term', text: T[f] }));
          rows.push(el('dd', { class: 'ph-plan-value', text: String(p[f]).trim() }));
        });
        nodes.push(el('details', { class: 'ph-plan' }, [
          el('summary', { class: 'ph-plan-summary', text: T.details }),
          el('dl', { class: 'ph-plan-list' }, rows)
        ]));
      }
      var who = [groupLabels[p.group] || p.group, p.organization].filter(Boolean).join(' · ');
      if (who && !(opts && opts.noWho)) nodes.push(el('p', { class: 'ph-card-who', text: who }));
      return nodes;
    }

    // ---- collect

    var proposeForm = $('propose-form');

    function renderCollect() {
      var snap = S.snap;
      var list = $('my-list');
      clear(list);
      var mine = snap.proposals.filter(function (p) { return p.mine !== false; });
      // Waiting items of this session not already known to the server (a lost ack).
      var known = {};
      mine.forEach(function (p) { if (p.client_id) known[p.client_id] = true; });
      var waiting = S.outbox.filter(function (i) {
        return i.session_id === snap.session_id && !known[i.client_id];
      });
      // Newest first: what I just sent is where my thumb is.
      waiting.slice().reverse().forEach(function (item) {
        var li = el('li', { class: 'ph-card is-pending ' + dimClass(item.dimension) }, proposalBody(ownCard(item)));
        li.appendChild(el('p', { class: 'ph-card-status', text: S.inflight[item.client_id] ? T.item_sending : T.item_waiting }));
        list.appendChild(li);
      });
      mine.slice().reverse().forEach(function (p) {
        var li = el('li', { class: 'ph-card ' + dimClass(p.dimension) }, proposalBody(ownCard(p)));
        if (p.id === S.justSent) li.classList.add('is-new');
        list.appendChild(li);
      });
      S.justSent = null;
      var count = mine.length + waiting.length;
      $('my-count').textContent = count ? '(' + count + ')' : '';
      show($('my-empty'), count === 0);
    }

    /** What my own list shows of a proposal (no "my proposal" tag, no name: they are all mine). */
    function ownCard(p) {
      var card = { title: p.title, description: p.description, dimension: p.dimension,
        horizon: p.horizon, quick_win: p.quick_win, merged_count: p.merged_count };
      PLAN_FIELDS.forEach(function (f) { card[f] = p[f]; });
      return card;
    }

    function readDraft() {
      var checked = proposeForm.querySelector('input[name="dimension"]:checked');
      var horizon = proposeForm.querySelector('input[name="horizon"]:checked');
      var d = {
        title: $('propose-title').value,
        description: $('propose-description').value,
        dimension: checked ? checked.value : '',
        horizon: horizon && horizon.value ? parseInt(horizon.value, 10) : null,
        quick_win: $('propose-quick_win').checked
      };
      PLAN_FIELDS.forEach(function (f) { d[f] = $('propose-' + f).value; });
      return d;
    }

    function fillForm(values) {
      $('propose-title').value = values.title || '';
      $('propose-description').value = values.description || '';
      Array.prototype.forEach.call(proposeForm.querySelectorAll('input[name="dimension"]'), function (r) {
        r.checked = r.value === values.dimension;
      });
      PLAN_FIELDS.forEach(function (f) { $('propose-' + f).value = values[f] || ''; });
      var horizon = [1, 5, 10].indexOf(values.horizon) >= 0 ? String(values.horizon) : '';
      Array.prototype.forEach.call(proposeForm.querySelectorAll('input[name="horizon"]'), function (r) {
        r.checked = !!horizon && r.value === horizon;
      });
      $('propose-quick_win').checked = values.quick_win === true;
      syncChecked(proposeForm);
      // Details typed before stay in sight; an empty form starts folded.
      $('propose-more').open = hasPlan(values);
    }

    function hasPlan(d) {
      return PLAN_FIELDS.some(function (f) { return String(d[f] || '').trim(); }) ||
        [1, 5, 10].indexOf(d.horizon) >= 0 || d.quick_win === true;
    }

    function saveDraft() {
      var d = readDraft();
      if (d.title || d.description || d.dimension || hasPlan(d)) storage.setJSON(keys.draft, d);
      else storage.remove(keys.draft);
    }

    function clearProposeErrors() {
      ['title', 'description', 'dimension', 'horizon', 'quick_win'].concat(PLAN_FIELDS).forEach(function (f) {
        setFieldError('propose', f, '');
      });
      setFormError('propose-error', '');
    }

    /** Show a refusal by the field it names; a field inside the folded details opens them. */
    function setProposeFieldError(field, message) {
      var box = $('propose-' + field + '-error');
      if (box && $('propose-more').contains(box)) $('propose-more').open = true;
      return setFieldError('propose', field, message);
    }

    var draft = storage.getJSON(keys.draft);
    if (draft && typeof draft === 'object') fillForm(draft);

    proposeForm.addEventListener('input', function (ev) {
      if (ev.target && ev.target.name) setFieldError('propose', ev.target.name, '');
      saveDraft();
    });
    proposeForm.addEventListener('change', function (ev) {
      if (ev.target && ev.target.name) setFieldError('propose', ev.target.name, '');
      syncChecked(proposeForm);
      saveDraft();
    });

    proposeForm.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearProposeErrors();
      var snap = S.snap;
      if (phaseOf(snap) !== 'collect') return;
      var d = readDraft();
      var title = d.title.replace(/\s+/g, ' ').trim();
      var description = d.description.trim();
      var firstBad = null;
      if (title.length < 3) {
        setFieldError('propose', 'title', T.title_short);
        firstBad = $('propose-title');
      }
      if (!d.dimension) {
        setFieldError('propose', 'dimension', T.dimension_required);
        firstBad = firstBad || proposeForm.querySelector('input[name="dimension"]');
      }
      if (firstBad) { firstBad.focus(); return; }

      var item = {
        client_id: randomId(), session_id: snap.session_id,
        title: title.slice(0, 120), description: description.slice(0, 1000), dimension: d.dimension
      };
      // The masterplan fields travel only when filled in.
      PLAN_FIELDS.forEach(function (f) {
        var value = d[f].trim();
        if (value) item[f] = value.slice(0, PLAN_LIMITS[f]);
      });
      if (d.horizon) item.horizon = d.horizon;
      if (d.quick_win) item.quick_win = true;
      S.outbox.push(item);
      saveOutbox();
      fillForm({});
      storage.remove(keys.draft);
      if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
      if (isConnected()) sendProposal(item);
      else notify(T.queued, 'ok');
      renderCollect();
      renderConn();
      // The new card is right under the button: make sure it is in view.
      var first = $('my-list').firstElementChild;
      if (first && first.scrollIntoView) first.scrollIntoView({ block: 'nearest' });
    });

    function saveOutbox() {
      if (S.outbox.length) storage.setJSON(keys.outbox, S.outbox);
      else storage.remove(keys.outbox);
    }

    function flushOutbox() {
      if (!isConnected()) return;
      S.outbox.forEach(function (item) { if (!S.inflight[item.client_id]) sendProposal(item); });
    }

    function sendProposal(item) {
      var socket = S.socket;
      S.inflight[item.client_id] = true;
      var payload = {
        session_id: item.session_id, title: item.title, description: item.description,
        dimension: item.dimension, client_id: item.client_id
      };
      PLAN_FIELDS.concat(['horizon', 'quick_win']).forEach(function (f) {
        if (item[f] !== undefined && item[f] !== null && item[f] !== '') payload[f] = item[f];
      });
      socket.timeout(ACK_TIMEOUT_MS).emit('proposal:submit', payload, function (err, res) {
        if (socket !== S.socket) return;
        delete S.inflight[item.client_id];
        // An answer that is not {ok: ...} counts as no answer, a few times (the replay is safe).
        var garbled = !err && !(res && typeof res.ok === 'boolean');
        if (garbled) item.garbled = (item.garbled || 0) + 1;
        if (err || (garbled && item.garbled < 3)) {
          // No answer: keep it; the same client_id goes again (the server dedupes).
          if (isConnected()) setTimeout(flushOutbox, 2000);
          afterOutboxChange();
          return;
        }
        S.outbox = S.outbox.filter(function (i) { return i.client_id !== item.client_id; });
        saveOutbox();
        if (res && res.ok && res.proposal) {
          var p = res.proposal;
          p.mine = true;
          var snap = S.snap;
          if (snap && snap.session_id === item.session_id &&
              !snap.proposals.some(function (q) { return q.id === p.id; })) {
            snap.proposals.push(p);
          }
          S.justSent = p.id;
          notify(T.sent, 'ok');
        } else {
          var error = (res && res.error) || {};
          if (error.code === 'unauthorized') { forget(); return; }
          proposalRefused(item, error);
        }
        afterOutboxChange();
      });
      afterOutboxChange();
    }

    /** The server said no: give the text back so nothing typed is lost. */
    function proposalRefused(item, error) {
      var message = error.message || T.error_generic;
      var snap = S.snap;
      var d = readDraft();
      var formEmpty = !d.title.trim() && !d.description.trim() && !hasPlan(d);
      if (phaseOf(snap) === 'collect' && snap.session_id === item.session_id && formEmpty) {
        fillForm(item);
        saveDraft();
        if (!(error.field && setProposeFieldError(error.field, message))) setFormError('propose-error', message);
        $('propose-form').scrollIntoView({ block: 'start' });
        hideNotice();
        return;
      }
      notify(fmt(T.not_sent, { title: item.title, message: message }), 'error');
    }

    function afterOutboxChange() {
      if (phaseOf(S.snap) === 'collect') renderCollect();
      renderConn();
    }

    // ---- review

    function renderReview() {
      var list = $('review-list');
      clear(list);
      S.snap.proposals.forEach(function (p) {
        list.appendChild(el('li', { class: 'ph-card ' + dimClass(p.dimension) + (p.mine ? ' is-mine' : '') },
          proposalBody(p)));
      });
      show($('review-empty'), S.snap.proposals.length === 0);
    }

    // ---- vote

    function budget() {
      var settings = (S.snap && S.snap.settings) || {};
      return typeof settings.dots_per_participant === 'number' ? settings.dots_per_participant : 5;
    }

    function cap() {
      var settings = (S.snap && S.snap.settings) || {};
      return typeof settings.max_dots_per_proposal === 'number' ? settings.max_dots_per_proposal : 3;
    }

    function remaining() {
      if (S.ackedRemaining !== null) return S.ackedRemaining + sum(S.acked) - sum(S.local);
      return budget() - sum(S.local);
    }

    function dotRow(filled, total, big) {
      var row = el('span', { class: 'ph-dotrow' + (big ? ' ph-dotrow-big' : ''), 'aria-hidden': 'true' });
      for (var i = 0; i < total; i++) row.appendChild(el('span', { class: 'ph-dot' + (i < filled ? ' is-on' : '') }));
      return row;
    }

    function renderDotsBar() {
      var bar = $('dots-bar');
      if (phaseOf(S.snap) !== 'vote') { bar.hidden = true; return; }
      var left = Math.max(0, remaining());
      bar.hidden = false;
      bar.classList.toggle('is-empty', left === 0);
      $('dots-left').textContent = fmt(T.dots_left, { n: left });
      var dotsBox = $('dots-left-dots');
      clear(dotsBox);
      var total = budget();
      // Filled circles are the dots still in hand.
      if (total <= 12) for (var i = 0; i < total; i++) dotsBox.appendChild(el('span', { class: 'ph-dot' + (i < left ? ' is-on' : '') }));
      var hint = $('dots-hint');
      hint.textContent = left === 0 ? T.dots_used_up : '';
      hint.hidden = left !== 0;
    }

    function renderVote() {
      var snap = S.snap;
      var proposals = snap.proposals;
      var list = $('vote-list');
      clear(list);
      S.voteCards = {};
      proposals.forEach(function (p) {
        var pid = String(p.id);
        var minus = el('button', { class: 'ph-step ph-step-minus', type: 'button', 'data-pid': pid, 'data-delta': '-1', text: '−',
          'aria-label': fmt(T.remove_dot, { title: p.title }) });
        var plus = el('button', { class: 'ph-step ph-step-plus', type: 'button', 'data-pid': pid, 'data-delta': '1', text: '+',
          'aria-label': fmt(T.add_dot, { title: p.title }) });
        var dotsBox = el('span', { class: 'ph-mydots', role: 'img' });
        var li = el('li', { class: 'ph-card ph-vote-card ' + dimClass(p.dimension) + (p.mine ? ' is-mine' : ''),
          'data-pid': pid, 'data-dimension': String(p.dimension || '') },
        proposalBody(p, { fold: true, noWho: true }).concat([el('div', { class: 'ph-stepper' }, [minus, dotsBox, plus])]));
        list.appendChild(li);
        S.voteCards[pid] = { li: li, minus: minus, plus: plus, dots: dotsBox, dimension: p.dimension };
      });
      renderFilter();
      updateVoteCards();
      applyFilter();
    }

    function renderFilter() {
      var bar = $('vote-filter');
      var proposals = S.snap.proposals;
      clear(bar);
      if (proposals.length < FILTER_MIN_PROPOSALS) {
        bar.hidden = true;
        S.filter = 'all';
        return;
      }
      var counts = {};
      proposals.forEach(function (p) { counts[p.dimension] = (counts[p.dimension] || 0) + 1; });
      var chips = [{ key: 'all', label: T.filter_all, n: proposals.length },
        { key: 'mine', label: T.filter_mine, cls: 'ph-chip-mine' }];
      (data.dimensions || []).forEach(function (d) {
        if (counts[d.key]) chips.push({ key: d.key, label: d.label.replace(/^Smart\s+/, ''), n: counts[d.key], cls: dimClass(d.key) });
      });
      if (S.filter !== 'all' && S.filter !== 'mine' && !counts[S.filter]) S.filter = 'all';
      chips.forEach(function (c) {
        var label = c.n ? c.label + ' ' + c.n : c.label;
        bar.appendChild(el('button', {
          class: 'ph-chip ' + (c.cls || ''), type: 'button', 'data-filter': c.key,
          'aria-pressed': S.filter === c.key ? 'true' : 'false', text: label
        }));
      });
      bar.hidden = false;
    }

    function applyFilter() {
      var visible = 0;
      Object.keys(S.voteCards).forEach(function (pid) {
        var card = S.voteCards[pid];
        var on = S.filter === 'all' ||
          (S.filter === 'mine' ? (S.local[pid] || 0) > 0 : card.dimension === S.filter);
        card.li.hidden = !on;
        if (on) visible++;
      });
      Array.prototype.forEach.call($('vote-filter').querySelectorAll('[data-filter]'), function (chip) {
        chip.setAttribute('aria-pressed', chip.getAttribute('data-filter') === S.filter ? 'true' : 'false');
      });
      var empty = $('vote-empty');
      var none = S.snap.proposals.length === 0;
      empty.textContent = none ? T.no_proposals : T.filter_empty;
      empty.hidden = visible > 0;
    }

    function updateVoteCards() {
      var left = remaining();
      var max = cap();
      Object.keys(S.voteCards).forEach(function (pid) {
        var card = S.voteCards[pid];
        var n = S.local[pid] || 0;
        card.minus.disabled = n <= 0;
        card.plus.disabled = n >= max || left <= 0;
        clear(card.dots);
        card.dots.appendChild(dotRow(n, Math.max(max, n)));
        card.dots.setAttribute('aria-label', fmt(T.my_dots, { n: n, max: max }));
        card.li.classList.toggle('has-dots', n > 0);
      });
      // The filter is not re-applied here: a card must not vanish under the thumb.
      renderDotsBar();
      renderConn();
    }

    $('vote-list').addEventListener('click', function (ev) {
      var btn = ev.target.closest ? ev.target.closest('button') : null;
      if (!btn || btn.disabled) return;
      if (btn.hasAttribute('data-more')) {
        var key = btn.getAttribute('data-more');
        S.expanded[key] = !S.expanded[key];
        btn.classList.toggle('is-folded', !S.expanded[key]);
        btn.setAttribute('aria-expanded', S.expanded[key] ? 'true' : 'false');
        return;
      }
      var pid = btn.getAttribute('data-pid');
      var delta = parseInt(btn.getAttribute('data-delta'), 10);
      if (pid && delta) changeDots(pid, delta);
    });

    $('vote-filter').addEventListener('click', function (ev) {
      var chip = ev.target.closest ? ev.target.closest('[data-filter]') : null;
      if (!chip) return;
      S.filter = chip.getAttribute('data-filter');
      applyFilter();
    });

    function changeDots(pid, delta) {
      if (phaseOf(S.snap) !== 'vote') return;
      var n = (S.local[pid] || 0) + delta;
      if (n < 0) return;
      if (delta > 0 && (n > cap() || remaining() <= 0)) return;
      if (n === 0) delete S.local[pid]; else S.local[pid] = n;
      S.ballotDirty = true;
      hideNoticeIfError();
      updateVoteCards();
      scheduleCast(CAST_DEBOUNCE_MS);
    }

    // Leaving or reloading within the debounce: send the taps now rather than lose them.
    window.addEventListener('pagehide', function () {
      if (S.ballotDirty && S.castTimer) { clearTimeout(S.castTimer); sendCast(); }
    });

    function hideNoticeIfError() {
      if ($('notice').classList.contains('is-error')) hideNotice();
    }

    function scheduleCast(delay) {
      clearTimeout(S.castTimer);
      S.castTimer = setTimeout(sendCast, delay);
    }

    function sendCast() {
      S.castTimer = null;
      if (!S.ballotDirty || phaseOf(S.snap) !== 'vote') return;
      if (!isConnected()) { renderConn(); return; }   // resent after the snapshot on reconnect
      if (S.castInFlight) return;                      // resent when the current one is answered
      var socket = S.socket;
      var sessionId = S.snap.session_id;
      var sent = Object.assign({}, S.local);
      S.castInFlight = true;
      socket.timeout(ACK_TIMEOUT_MS).emit('ballot:cast', { session_id: sessionId, ballot: { dots: sent } }, function (err, res) {
        if (socket !== S.socket) return;
        S.castInFlight = false;
        if (!S.snap || S.snap.session_id !== sessionId) return;
        if (err) {
          if (isConnected()) scheduleCast(1000);
          renderConn();
          return;
        }
        if (res && res.ok) {
          S.acked = normBallot(res.ballot && res.ballot.dots);
          S.ackedRemaining = typeof res.remaining === 'number' ? res.remaining : null;
          if (sameBallot(S.local, sent)) {
            S.local = Object.assign({}, S.acked);
            S.ballotDirty = false;
          } else {
            scheduleCast(0);   // tapped again while this one was on its way
          }
        } else {
          var error = (res && res.error) || {};
          if (error.code === 'unauthorized') { forget(); return; }
          clearTimeout(S.castTimer);
          S.local = Object.assign({}, S.acked);
          S.ballotDirty = false;
          notify(error.message || T.vote_failed, 'error');
        }
        updateVoteCards();
      });
      renderConn();
    }

    // ---- closed

    function renderClosed() {
      var list = $('results-list');
      clear(list);
      var results = Array.isArray(S.snap.results) ? S.snap.results : [];
      results.forEach(function (r) {
        var dim = dims[r.dimension];
        var score = r.score === 1 ? T.score_one : fmt(T.score, { n: r.score });
        list.appendChild(el('li', { class: 'ph-result ' + dimClass(r.dimension) + (r.rank <= 3 ? ' is-top' : '') }, [
          el('span', { class: 'ph-rank', 'aria-label': fmt(T.rank, { n: r.rank }), text: String(r.rank) }),
          el('span', { class: 'ph-result-main' }, [
            el('span', { class: 'ph-result-title', text: String(r.title || '') }),
            el('span', { class: 'ph-result-meta' }, [
              el('span', { class: 'ph-result-dim', text: dim ? dim.label : String(r.dimension || '') }),
              el('span', { class: 'ph-score', text: score })
            ])
          ])
        ]));
      });
      show($('closed-empty'), results.length === 0);
    }

    // ---------------------------------------------------------------- start

    if (S.participant) startLive();
    else showJoin('', null);
  }

  function init() {
    var codeForm = document.getElementById('code-form');
    if (codeForm) { initCodePage(codeForm); return; }
    var app = document.getElementById('phone-app');
    if (app) initPhonePage(app);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
