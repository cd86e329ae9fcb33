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
  var POINTS_STEP = 5;            // − and + move this many points
  var DIM_KEYS = ['governance', 'branding', 'economy', 'living', 'society', 'environment'];
  var METHODS = ['dots', 'points', 'score', 'rank'];
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
      draft: 'rembuk:' + code + ':draft',
      ballot: 'rembuk:' + code + ':ballot'      // a ballot tapped but not yet acknowledged
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
      method: 'dots',              // the current session's voting method
      // Ballots in the method's local form: dots/points {"<pid>": n}, score {"<pid>": {key: n}},
      // rank ["<pid>", ...] (best first).
      acked: {},                   // last ballot the server confirmed
      ackedRemaining: null,
      local: {},                   // ballot as shown (may be ahead of `acked`)
      timer: null,                 // {running, remaining, at}: `at` is performance.now() at receipt
      timerTick: null,
      ballotDirty: false,          // local taps not yet confirmed
      castTimer: null,
      castInFlight: false,
      outbox: [],                  // proposals sent but not acknowledged
      inflight: {},                // client_id -> true while waiting for its ack
      filter: 'all',
      expanded: {},
      voteCards: {},               // pid -> the card's element and its controls
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
    S.restoredBallot = storage.getJSON(keys.ballot);
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
      var payload = { join_code: code, name: name, group: group, organization: organization };
      var ticketInput = $('join-ticket');  // present in strict workshops only
      if (ticketInput) payload.ticket = ticketInput.value.trim();
      postJoin(payload)
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
      [keys.token, keys.participant, keys.outbox, keys.ballot].forEach(storage.remove);
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

    function methodOf(snap) {
      var m = snap && snap.method;
      return METHODS.indexOf(m) >= 0 ? m : 'dots';
    }

    function normCounts(raw) {
      var out = {};
      if (raw && typeof raw === 'object') {
        Object.keys(raw).forEach(function (k) {
          var n = raw[k];
          if (typeof n === 'number' && n > 0) out[String(k)] = n;
        });
      }
      return out;
    }

    /** A ballot from the wire (`session:state` or an ack) in the method's local form. */
    function fromWire(method, ballot) {
      ballot = ballot && typeof ballot === 'object' ? ballot : {};
      if (method === 'rank') {
        var seen = {};
        return (Array.isArray(ballot.ranking) ? ballot.ranking : []).map(String).filter(function (pid) {
          if (seen[pid]) return false;
          seen[pid] = true;
          return true;
        });
      }
      if (method === 'score') {
        var out = {};
        var raw = ballot.scores && typeof ballot.scores === 'object' ? ballot.scores : {};
        Object.keys(raw).forEach(function (pid) {
          var scores = normCounts(raw[pid]);
          if (Object.keys(scores).length) out[String(pid)] = scores;
        });
        return out;
      }
      return normCounts(ballot[method]);
    }

    /** The local ballot in the wire shape of `ballot:cast`. */
    function toWire(method, local) {
      if (method === 'rank') return { ranking: local.map(function (pid) { return parseInt(pid, 10); }) };
      if (method === 'score') {
        var scores = {};
        Object.keys(local).forEach(function (pid) {
          var row = {};
          Object.keys(local[pid]).forEach(function (key) {
            // A merge may leave an averaged x.5 behind; the server takes whole numbers only.
            row[key] = Math.min(5, Math.max(1, Math.round(local[pid][key])));
          });
          if (Object.keys(row).length) scores[pid] = row;
        });
        return { scores: scores };
      }
      var wire = {};
      wire[method] = Object.assign({}, local);
      return wire;
    }

    function copyBallot(ballot) { return JSON.parse(JSON.stringify(ballot)); }

    /** JSON with sorted keys (arrays keep their order): equal ballots give equal strings. */
    function canonical(value) {
      if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
      if (value && typeof value === 'object') {
        return '{' + Object.keys(value).sort().map(function (k) {
          return JSON.stringify(k) + ':' + canonical(value[k]);
        }).join(',') + '}';
      }
      return JSON.stringify(value);
    }

    function sameBallot(a, b) { return canonical(a) === canonical(b); }

    function sum(ballot) {
      return Object.keys(ballot).reduce(function (t, k) { return t + ballot[k]; }, 0);
    }

    /** Keep only what still applies: listed proposals, known criteria. */
    function pruneLocal(snap) {
      var ids = {};
      snap.proposals.forEach(function (p) { ids[String(p.id)] = true; });
      if (S.method === 'rank') {
        S.local = S.local.filter(function (pid) { return ids[pid]; }).slice(0, Math.max(0, rankSize()));
        return;
      }
      Object.keys(S.local).forEach(function (k) { if (!ids[k]) delete S.local[k]; });
      if (S.method === 'score') {
        var keys = {};
        criteria().forEach(function (c) { keys[c.key] = true; });
        Object.keys(S.local).forEach(function (pid) {
          Object.keys(S.local[pid]).forEach(function (key) { if (!keys[key]) delete S.local[pid][key]; });
          if (!Object.keys(S.local[pid]).length) delete S.local[pid];
        });
      }
    }

    function applySnapshot(snap) {
      if (!snap || typeof snap !== 'object') return;
      var prev = S.snap;
      var sameSession = !!prev && prev.session_id === snap.session_id;
      var sameMethod = sameSession && methodOf(prev) === methodOf(snap);
      if (!Array.isArray(snap.proposals)) snap.proposals = [];
      S.snap = snap;
      S.method = methodOf(snap);
      S.acked = fromWire(S.method, snap.ballot);
      S.ackedRemaining = typeof snap.remaining === 'number' ? snap.remaining : null;
      var restored = S.restoredBallot;   // from local storage: taps that never reached the server
      S.restoredBallot = null;
      if (!S.ballotDirty && restored && restored.session_id === snap.session_id &&
          restored.method === S.method && snap.phase === 'vote') {
        S.local = fromWire(S.method, restored.ballot);
        S.ballotDirty = true;
        pruneLocal(snap);
        scheduleCast(0);
      } else if (S.ballotDirty && sameMethod && snap.phase === 'vote') {
        // Taps made while offline: keep them (for proposals still listed) and send them now.
        pruneLocal(snap);
        scheduleCast(0);
      } else {
        S.local = copyBallot(S.acked);
        S.ballotDirty = false;
        clearTimeout(S.castTimer);
      }
      if (!sameSession) { S.filter = 'all'; S.expanded = {}; }
      persistBallot();
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

    function instruction(phase) {
      if (phase !== 'vote' || S.method === 'dots') return T[INSTRUCTIONS[phase]] || '';
      if (S.method === 'points') return fmt(T.instr_vote_points, { n: total() });
      if (S.method === 'rank') {
        var count = S.snap ? S.snap.proposals.length : 0;
        return fmt(T.instr_vote_rank, { n: count ? Math.min(rankSize(), count) : rankSize() });
      }
      return T.instr_vote_score;
    }

    function render() {
      var snap = S.snap;
      var phase = phaseOf(snap);
      $('instruction').textContent = instruction(phase);
      $('bar').setAttribute('data-phase', phase);
      $('bar').setAttribute('data-method', S.method);

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
      renderResults(phase);
      renderDotsBar();
      renderRankingBar();
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

    function settings() { return (S.snap && S.snap.settings) || {}; }

    function setting(name, fallback) {
      var value = settings()[name];
      return typeof value === 'number' && value >= 0 ? value : fallback;
    }

    function budget() { return setting('dots_per_participant', 5); }

    function cap() { return setting('max_dots_per_proposal', 3); }

    function rankSize() { return setting('rank_size', 5); }

    /** What one participant has to give in all: dots, points or ranking places (null for score). */
    function total() {
      if (S.method === 'points') return setting('points_budget', 100);
      if (S.method === 'rank') return rankSize();
      if (S.method === 'score') return null;
      return budget();
    }

    function criteria() {
      var list = Array.isArray(settings().criteria) ? settings().criteria : [];
      return list.filter(function (c) { return c && typeof c.key === 'string' && c.key; });
    }

    function used(ballot) {
      if (S.method === 'rank') return ballot.length;
      if (S.method === 'score') return 0;
      return sum(ballot);
    }

    /** Left to give: the server's last word plus the taps since (null for score). */
    function remaining() {
      if (S.method === 'score') return null;
      if (S.ackedRemaining !== null) return S.ackedRemaining + used(S.acked) - used(S.local);
      return total() - used(S.local);
    }

    /** Does this proposal carry something of mine (dots, points, a score, a place)? */
    function marked(pid) {
      if (S.method === 'rank') return S.local.indexOf(pid) >= 0;
      if (S.method === 'score') return !!S.local[pid];
      return (S.local[pid] || 0) > 0;
    }

    /** A number in the page's language (3,8 in Indonesian). */
    function decimal(n, digits) {
      var lang = data.lang || document.documentElement.lang || 'id';
      try {
        return Number(n).toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      } catch (e) {
        return Number(n).toFixed(digits);
      }
    }

    /** My weighted mean over the criteria I scored on one proposal, or null when none. */
    function myScore(pid) {
      var mine = S.local[pid];
      if (!mine) return null;
      var weights = 0;
      var acc = 0;
      criteria().forEach(function (c) {
        var w = typeof c.weight === 'number' ? c.weight : 1;
        if (typeof mine[c.key] === 'number' && w > 0) { acc += w * mine[c.key]; weights += w; }
      });
      return weights > 0 ? acc / weights : null;
    }

    function dotRow(filled, count, big) {
      var row = el('span', { class: 'ph-dotrow' + (big ? ' ph-dotrow-big' : ''), 'aria-hidden': 'true' });
      for (var i = 0; i < count; i++) row.appendChild(el('span', { class: 'ph-dot' + (i < filled ? ' is-on' : '') }));
      return row;
    }

    /** The pinned counter: dots, points or places left; for score, how many proposals I scored. */
    function renderDotsBar() {
      var bar = $('dots-bar');
      if (phaseOf(S.snap) !== 'vote') { bar.hidden = true; return; }
      bar.hidden = false;
      var dotsBox = $('dots-left-dots');
      var meter = $('vote-meter');
      var text;
      var hint = '';
      var empty = false;
      clear(dotsBox);
      dotsBox.hidden = S.method !== 'dots';
      meter.hidden = S.method !== 'points' && S.method !== 'score';
      if (S.method === 'score') {
        var count = S.snap.proposals.length;
        var scored = S.snap.proposals.filter(function (p) { return marked(String(p.id)); }).length;
        text = fmt(T.scored_count, { n: scored, m: count });
        meter.max = Math.max(1, count);
        meter.value = scored;
        meter.setAttribute('aria-label', text);
      } else {
        var left = Math.max(0, remaining());
        var all = total();
        empty = left === 0;
        if (S.method === 'points') {
          text = fmt(T.points_left, { n: left });
          meter.max = Math.max(1, all);
          meter.value = Math.max(0, Math.min(all, all - left));
          meter.setAttribute('aria-label', fmt(T.points_meter, { n: all - left, max: all }));
          if (empty) hint = T.points_used_up;
        } else if (S.method === 'rank') {
          // Fewer proposals than places: the places nobody can fill are not "left".
          left = Math.min(left, Math.max(0, S.snap.proposals.length - S.local.length));
          empty = left === 0;
          text = fmt(T.rank_left, { n: left });
          if (remaining() <= 0) hint = T.rank_full;
        } else {
          text = fmt(T.dots_left, { n: left });
          // Filled circles are the dots still in hand.
          if (all <= 12) for (var i = 0; i < all; i++) dotsBox.appendChild(el('span', { class: 'ph-dot' + (i < left ? ' is-on' : '') }));
          if (empty) hint = T.dots_used_up;
        }
      }
      bar.classList.toggle('is-empty', empty);
      $('dots-left').textContent = text;
      $('dots-hint').textContent = hint;
      $('dots-hint').hidden = !hint;
    }

    /** rank: my ranking so far, pinned under the counter, each with ↑ ↓ ×. */
    function renderRankingBar() {
      var box = $('my-ranking-box');
      var list = $('my-ranking');
      var on = phaseOf(S.snap) === 'vote' && S.method === 'rank';
      box.hidden = !on;
      clear(list);
      if (!on) return;
      var byId = {};
      S.snap.proposals.forEach(function (p) { byId[String(p.id)] = p; });
      S.local.forEach(function (pid, i) {
        var p = byId[pid] || { title: '#' + pid };
        var title = String(p.title || '');
        list.appendChild(el('li', { class: 'ph-myrank-item ' + dimClass(p.dimension), 'data-pid': pid }, [
          el('span', { class: 'ph-myrank-place', text: String(i + 1) }),
          el('span', { class: 'ph-myrank-title', text: title }),
          el('button', { class: 'ph-mini', type: 'button', 'data-rank-move': '-1', disabled: i === 0,
            'aria-label': fmt(T.rank_up, { title: title }), text: '↑' }),
          el('button', { class: 'ph-mini', type: 'button', 'data-rank-move': '1', disabled: i === S.local.length - 1,
            'aria-label': fmt(T.rank_down, { title: title }), text: '↓' }),
          el('button', { class: 'ph-mini ph-mini-remove', type: 'button', 'data-rank-remove': pid,
            'aria-label': fmt(T.rank_remove_label, { title: title }), text: '×' })
        ]));
      });
      list.hidden = S.local.length === 0;
      $('my-ranking-empty').textContent = T.rank_empty;
      $('my-ranking-empty').hidden = S.local.length > 0;
    }

    // Each method's control on a card; it keeps its elements on `card` for updateVoteCards.
    var CONTROLS = {
      dots: function (p, pid, card) {
        card.minus = el('button', { class: 'ph-step ph-step-minus', type: 'button', 'data-pid': pid, 'data-delta': '-1', text: '−',
          'aria-label': fmt(T.remove_dot, { title: card.title }) });
        card.plus = el('button', { class: 'ph-step ph-step-plus', type: 'button', 'data-pid': pid, 'data-delta': '1', text: '+',
          'aria-label': fmt(T.add_dot, { title: card.title }) });
        card.dots = el('span', { class: 'ph-mydots', role: 'img' });
        return el('div', { class: 'ph-stepper' }, [card.minus, card.dots, card.plus]);
      },
      points: function (p, pid, card) {
        card.minus = el('button', { class: 'ph-step ph-step-minus', type: 'button', 'data-pid': pid, 'data-delta': String(-POINTS_STEP),
          text: '−', 'aria-label': fmt(T.remove_points, { n: POINTS_STEP, title: card.title }) });
        card.plus = el('button', { class: 'ph-step ph-step-plus', type: 'button', 'data-pid': pid, 'data-delta': String(POINTS_STEP),
          text: '+', 'aria-label': fmt(T.add_points, { n: POINTS_STEP, title: card.title }) });
        card.input = el('input', { class: 'ph-points-input', type: 'number', inputmode: 'numeric',
          min: '0', step: '1', enterkeyhint: 'done', 'data-points-input': pid,
          'aria-label': fmt(T.points_input, { title: card.title }) });
        return el('div', { class: 'ph-stepper' }, [card.minus,
          el('label', { class: 'ph-points-box' }, [card.input, el('span', { class: 'ph-points-unit', text: T.points_unit })]),
          card.plus]);
      },
      score: function (p, pid, card) {
        var list = criteria();
        var weighted = list.some(function (c) { return c.weight !== list[0].weight; });
        card.buttons = {};
        var rows = list.map(function (c) {
          var label = String(c.label || c.key);
          var buttons = [];
          for (var n = 1; n <= 5; n++) {
            buttons.push(el('button', { class: 'ph-score-btn', type: 'button', 'data-criterion': c.key, 'data-score': String(n),
              'aria-pressed': 'false', 'aria-label': fmt(T.score_button, { criterion: label, n: n }), text: String(n) }));
          }
          card.buttons[c.key] = buttons;
          var weight = weighted && typeof c.weight === 'number'
            ? el('span', { class: 'ph-crit-weight', text: fmt(T.weight, { n: Number(c.weight).toLocaleString(data.lang || 'id') }) })
            : null;
          return el('div', { class: 'ph-crit', role: 'group', 'aria-label': label }, [
            el('p', { class: 'ph-crit-label' }, [el('span', { text: label }), weight]),
            el('div', { class: 'ph-scale' }, buttons)
          ]);
        });
        card.mine = el('p', { class: 'ph-myscore' });
        return el('div', { class: 'ph-scores' }, rows.concat([card.mine]));
      },
      rank: function (p, pid, card) {
        card.place = el('span', { class: 'ph-place', hidden: true });
        card.add = el('button', { class: 'ph-btn ph-rank-add', type: 'button', 'data-rank-add': pid, text: T.rank_add });
        card.remove = el('button', { class: 'ph-btn ph-rank-remove', type: 'button', 'data-rank-remove': pid, hidden: true,
          text: T.rank_remove, 'aria-label': fmt(T.rank_remove_label, { title: card.title }) });
        return el('div', { class: 'ph-rankctl' }, [card.place, card.add, card.remove]);
      }
    };

    var UPDATES = {
      dots: function (pid, card, left) {
        var n = S.local[pid] || 0;
        var max = cap();
        card.minus.disabled = n <= 0;
        card.plus.disabled = n >= max || left <= 0;
        clear(card.dots);
        card.dots.appendChild(dotRow(n, Math.max(max, n)));
        card.dots.setAttribute('aria-label', fmt(T.my_dots, { n: n, max: max }));
        card.li.classList.toggle('has-dots', n > 0);
      },
      points: function (pid, card, left) {
        var n = S.local[pid] || 0;
        card.minus.disabled = n <= 0;
        card.plus.disabled = left <= 0;
        card.input.max = String(n + Math.max(0, left));
        // Never overwrite what the thumb is typing.
        if (document.activeElement !== card.input) card.input.value = String(n);
        card.li.classList.toggle('has-dots', n > 0);
      },
      score: function (pid, card) {
        var mine = S.local[pid] || {};
        Object.keys(card.buttons).forEach(function (key) {
          var value = typeof mine[key] === 'number' ? Math.round(mine[key]) : 0;
          card.buttons[key].forEach(function (button, i) {
            button.setAttribute('aria-pressed', value === i + 1 ? 'true' : 'false');
          });
        });
        var score = myScore(pid);
        card.mine.textContent = score === null ? T.not_scored : fmt(T.my_score, { n: decimal(score, 1) });
        card.mine.classList.toggle('is-none', score === null);
        card.li.classList.toggle('has-dots', score !== null);
      },
      rank: function (pid, card, left) {
        var place = S.local.indexOf(pid);
        var full = left <= 0;
        card.place.hidden = place < 0;
        card.place.textContent = place >= 0 ? fmt(T.rank_place, { n: place + 1 }) : '';
        card.add.hidden = place >= 0;
        card.add.disabled = full;
        card.add.textContent = full ? T.rank_add_full : T.rank_add;
        card.remove.hidden = place < 0;
        card.li.classList.toggle('has-dots', place >= 0);
      }
    };

    function renderVote() {
      var list = $('vote-list');
      // A snapshot (timer, reveal) may arrive while a number is being typed: keep it and the keyboard.
      var typing = document.activeElement && document.activeElement.hasAttribute &&
        document.activeElement.hasAttribute('data-points-input') && list.contains(document.activeElement)
        ? { pid: document.activeElement.getAttribute('data-points-input'), value: document.activeElement.value } : null;
      clear(list);
      S.voteCards = {};
      S.snap.proposals.forEach(function (p) {
        var pid = String(p.id);
        var card = { dimension: p.dimension, title: String(p.title || '') };
        var control = CONTROLS[S.method](p, pid, card);
        card.li = el('li', { class: 'ph-card ph-vote-card ph-vote-' + S.method + ' ' + dimClass(p.dimension) + (p.mine ? ' is-mine' : ''),
          'data-pid': pid, 'data-dimension': String(p.dimension || '') },
        proposalBody(p, { fold: true, noWho: true }).concat([control]));
        list.appendChild(card.li);
        S.voteCards[pid] = card;
      });
      renderFilter();
      updateVoteCards();
      applyFilter();
      var again = typing && S.voteCards[typing.pid] && S.voteCards[typing.pid].input;
      if (again) {
        again.value = typing.value;
        again.focus();
      }
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
      var mineLabel = S.method === 'dots' ? T.filter_mine : T['filter_mine_' + S.method];
      var chips = [{ key: 'all', label: T.filter_all, n: proposals.length },
        { key: 'mine', label: mineLabel, cls: 'ph-chip-mine' }];
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
        var on = S.filter === 'all' || (S.filter === 'mine' ? marked(pid) : card.dimension === S.filter);
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
      var update = UPDATES[S.method];
      Object.keys(S.voteCards).forEach(function (pid) { update(pid, S.voteCards[pid], left); });
      // The filter is not re-applied here: a card must not vanish under the thumb.
      keepCardsInPlace(function () {
        renderDotsBar();
        renderRankingBar();
      });
      renderConn();
    }

    /** The pinned bar may grow or shrink (the ranking, a hint): keep the cards below where the thumb is. */
    function keepCardsInPlace(change) {
      var bar = $('bar');
      var before = bar.offsetHeight;
      var stuck = window.scrollY > 0 && bar.getBoundingClientRect().top <= 0;
      change();
      var delta = bar.offsetHeight - before;
      if (stuck && delta) window.scrollBy(0, delta);
    }

    function onVoteClick(ev) {
      var btn = ev.target.closest ? ev.target.closest('button') : null;
      if (!btn || btn.disabled) return;
      if (btn.hasAttribute('data-more')) {
        var key = btn.getAttribute('data-more');
        S.expanded[key] = !S.expanded[key];
        btn.classList.toggle('is-folded', !S.expanded[key]);
        btn.setAttribute('aria-expanded', S.expanded[key] ? 'true' : 'false');
        return;
      }
      var holder = btn.closest('[data-pid]');
      var pid = btn.getAttribute('data-pid') || (holder && holder.getAttribute('data-pid'));
      if (!pid || phaseOf(S.snap) !== 'vote') return;
      if (btn.hasAttribute('data-criterion')) {
        setScore(pid, btn.getAttribute('data-criterion'), parseInt(btn.getAttribute('data-score'), 10));
      } else if (btn.hasAttribute('data-rank-add')) {
        rankAdd(pid);
      } else if (btn.hasAttribute('data-rank-remove')) {
        rankRemove(pid);
      } else if (btn.hasAttribute('data-rank-move')) {
        rankMove(pid, parseInt(btn.getAttribute('data-rank-move'), 10));
      } else {
        var delta = parseInt(btn.getAttribute('data-delta'), 10);
        if (delta) changeCount(pid, delta);
      }
    }

    $('vote-list').addEventListener('click', onVoteClick);
    $('my-ranking').addEventListener('click', onVoteClick);

    // points: a typed number counts when the keyboard closes (or on Enter).
    $('vote-list').addEventListener('change', function (ev) {
      var input = ev.target;
      if (input && input.hasAttribute && input.hasAttribute('data-points-input')) {
        setPoints(input.getAttribute('data-points-input'), input);
      }
    });
    $('vote-list').addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && ev.target && ev.target.hasAttribute && ev.target.hasAttribute('data-points-input')) {
        ev.preventDefault();
        ev.target.blur();
      }
    });

    $('vote-filter').addEventListener('click', function (ev) {
      var chip = ev.target.closest ? ev.target.closest('[data-filter]') : null;
      if (!chip) return;
      S.filter = chip.getAttribute('data-filter');
      applyFilter();
    });

    /** dots: ±1 within the cap and the budget; points: ±POINTS_STEP, + gives what is left when less. */
    function changeCount(pid, delta) {
      if (S.method !== 'dots' && S.method !== 'points') return;
      var n = S.local[pid] || 0;
      var left = remaining();
      if (delta > 0 && left <= 0) return;
      var next;
      if (S.method === 'points') {
        next = delta > 0 ? n + Math.min(delta, left) : Math.max(0, n + delta);
      } else {
        next = n + delta;
        if (next < 0 || (delta > 0 && next > cap())) return;
      }
      setCount(pid, next);
    }

    function setPoints(pid, input) {
      if (phaseOf(S.snap) !== 'vote' || S.method !== 'points') return;
      var digits = String(input.value).replace(/[^0-9]/g, '');
      var n = digits ? parseInt(digits, 10) : 0;
      var most = (S.local[pid] || 0) + Math.max(0, remaining());
      if (n > most) {
        n = most;
        notify(fmt(T.points_clamped, { n: most }), 'ok');
      }
      input.value = String(n);
      setCount(pid, n);
    }

    function setCount(pid, n) {
      if ((S.local[pid] || 0) === n) { updateVoteCards(); return; }
      if (n === 0) delete S.local[pid]; else S.local[pid] = n;
      ballotChanged();
    }

    /** score: tap a number to give it, tap the chosen one again to take it back. */
    function setScore(pid, key, n) {
      if (S.method !== 'score' || !(n >= 1 && n <= 5)) return;
      var row = Object.assign({}, S.local[pid] || {});
      if (typeof row[key] === 'number' && Math.round(row[key]) === n) delete row[key];
      else row[key] = n;
      if (Object.keys(row).length) S.local[pid] = row; else delete S.local[pid];
      ballotChanged();
    }

    function rankAdd(pid) {
      if (S.method !== 'rank' || S.local.indexOf(pid) >= 0 || remaining() <= 0) return;
      S.local = S.local.concat([pid]);
      ballotChanged();
    }

    function rankRemove(pid) {
      if (S.method !== 'rank' || S.local.indexOf(pid) < 0) return;
      S.local = S.local.filter(function (other) { return other !== pid; });
      ballotChanged();
    }

    function rankMove(pid, step) {
      var from = S.local.indexOf(pid);
      var to = from + step;
      if (S.method !== 'rank' || from < 0 || to < 0 || to >= S.local.length) return;
      var order = S.local.slice();
      order[from] = order[to];
      order[to] = pid;
      S.local = order;
      ballotChanged();
      // The list was redrawn: keep the focus on the moved row (its other arrow at an end).
      var row = $('my-ranking').querySelector('li[data-pid="' + cssEscape(pid) + '"]');
      if (!row) return;
      var same = row.querySelector('[data-rank-move="' + step + '"]');
      var other = row.querySelector('[data-rank-move="' + -step + '"]');
      var target = same && !same.disabled ? same : other;
      if (target) target.focus();
    }

    /** Keep an unacknowledged ballot in local storage, so a closed tab or a crash loses no taps. */
    function persistBallot() {
      if (S.ballotDirty && S.snap) {
        storage.setJSON(keys.ballot, { session_id: S.snap.session_id, method: S.method,
          ballot: toWire(S.method, S.local) });
      } else {
        storage.remove(keys.ballot);
      }
    }

    function ballotChanged() {
      S.ballotDirty = true;
      persistBallot();
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

    /** Send the whole ballot; the ack's ballot is the truth, a refusal puts back the last acked one. */
    function sendCast() {
      S.castTimer = null;
      if (!S.ballotDirty || phaseOf(S.snap) !== 'vote') return;
      if (!isConnected()) { renderConn(); return; }   // resent after the snapshot on reconnect
      if (S.castInFlight) return;                      // resent when the current one is answered
      var socket = S.socket;
      var sessionId = S.snap.session_id;
      var method = S.method;
      var sent = copyBallot(S.local);
      S.castInFlight = true;
      socket.timeout(ACK_TIMEOUT_MS).emit('ballot:cast', { session_id: sessionId, ballot: toWire(method, sent) }, function (err, res) {
        if (socket !== S.socket) return;
        S.castInFlight = false;
        if (!S.snap || S.snap.session_id !== sessionId || S.method !== method) return;
        if (err) {
          if (isConnected()) scheduleCast(1000);
          renderConn();
          return;
        }
        if (res && res.ok) {
          S.acked = fromWire(method, res.ballot);
          S.ackedRemaining = typeof res.remaining === 'number' ? res.remaining : null;
          if (sameBallot(S.local, sent)) {
            S.local = copyBallot(S.acked);
            S.ballotDirty = false;
            persistBallot();
          } else {
            scheduleCast(0);   // tapped again while this one was on its way
          }
        } else {
          var error = (res && res.error) || {};
          if (error.code === 'unauthorized') { forget(); return; }
          clearTimeout(S.castTimer);
          S.local = copyBallot(S.acked);
          S.ballotDirty = false;
          persistBallot();
          notify(error.message || (method === 'dots' ? T.vote_failed : T.vote_failed_any), 'error');
        }
        updateVoteCards();
      });
      renderConn();
    }

    // ---- results (whenever revealed; in vote and closed a note until then)

    function resultFigure(r) {
      var d = r.detail && typeof r.detail === 'object' ? r.detail : {};
      var pick = function (value) { return typeof value === 'number' ? value : r.score; };
      if (S.method === 'points') {
        var points = pick(d.points);
        return points === 1 ? T.points_one : fmt(T.points_n, { n: points });
      }
      if (S.method === 'score') return fmt(T.mean_score, { n: r.voters ? decimal(r.score, 2) : '–' });
      if (S.method === 'rank') return fmt(T.borda, { n: pick(d.borda) });
      var dots = pick(d.dots);
      return dots === 1 ? T.score_one : fmt(T.score, { n: dots });
    }

    /** A second line: each criterion's mean (score), how many put it first (rank). */
    function resultExtra(r) {
      var d = r.detail && typeof r.detail === 'object' ? r.detail : {};
      if (S.method === 'score' && d.criteria_means && r.voters) {
        return criteria().map(function (c) {
          var mean = d.criteria_means[c.key];
          return String(c.label || c.key) + ' ' + (typeof mean === 'number' ? decimal(mean, 1) : '–');
        }).join(' · ');
      }
      if (S.method === 'rank' && typeof d.first_choices === 'number' && d.first_choices > 0) {
        return fmt(T.first_choices, { n: d.first_choices });
      }
      return '';
    }

    function renderResults(phase) {
      var box = $('results-box');
      var list = $('results-list');
      var snap = S.snap;
      var results = snap && Array.isArray(snap.results) ? snap.results : null;
      // An older server sends results in closed without `revealed`.
      var revealed = !!results && (snap.revealed === true || snap.revealed === undefined);
      var shown = phase === 'vote' || phase === 'closed' ||
        (revealed && phase !== 'wait' && phase !== 'loading');
      clear(list);
      box.hidden = !shown;
      if (!shown) return;
      $('results-title').textContent = revealed && phase !== 'closed' ? T.results_live : T.results;
      $('results-hidden').hidden = revealed;
      $('closed-empty').hidden = !(revealed && results.length === 0);
      if (!revealed) return;
      var merged = {};
      snap.proposals.forEach(function (p) { if (p.merged_count > 0) merged[String(p.id)] = p.merged_count; });
      results.forEach(function (r) {
        var dim = dims[r.dimension];
        var extra = resultExtra(r);
        var mergedCount = merged[String(r.proposal_id)];
        list.appendChild(el('li', { class: 'ph-result ' + dimClass(r.dimension) + (r.rank <= 3 ? ' is-top' : ''),
          'data-pid': String(r.proposal_id) }, [
          el('span', { class: 'ph-rank', 'aria-label': fmt(T.rank, { n: r.rank }), text: String(r.rank) }),
          el('span', { class: 'ph-result-main' }, [
            el('span', { class: 'ph-result-title', text: String(r.title || '') }),
            mergedCount ? el('span', { class: 'ph-result-merged' }, [
              el('span', { class: 'ph-badge ph-badge-merged', text: fmt(T.merged, { n: mergedCount }) })]) : null,
            el('span', { class: 'ph-result-meta' }, [
              el('span', { class: 'ph-result-dim', text: dim ? dim.label : String(r.dimension || '') }),
              el('span', { class: 'ph-score', text: resultFigure(r) })
            ]),
            extra ? el('span', { class: 'ph-result-extra', text: extra }) : null
          ])
        ]));
      });
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
