/* Rembuk projector board (templates/board.html).
 *
 * Listens to Socket.IO "board:update" payloads for one workshop and renders them:
 * - at most one render per animation frame, and at most RENDER_MIN_MS apart;
 * - one DOM node per proposal (keyed by proposal id) that moves with CSS transform
 *   transitions instead of being rebuilt;
 * - order changes (cards shifting, bars overtaking) at most once per REORDER_MIN_MS.
 * User text (titles, labels) only ever goes through textContent.
 */
(function () {
  'use strict';

  var RENDER_MIN_MS = 150;      // <= ~6 renders a second
  var REORDER_MIN_MS = 1200;    // order changes at most every 1.2 s
  var LEAVE_MS = 450;           // fade-out before a node is removed
  var DISCONNECT_GRACE_MS = 1500;
  var WATCH_TIMEOUT_MS = 10000;
  var WATCH_RETRY_MS = 15000;
  // Geometry in board units (--u, 1% of a 16:9 frame's height); see board.css.
  var CARD_COLS = 2;
  var CARD_H = 12.2;
  var CARD_GAP_X = 1.6;
  var CARD_GAP_Y = 1.2;
  var ROW_H = 6.2;
  var ROW_GAP = 0.6;
  var MAX_ROWS = 10;
  var SCORE_ROOM = 7;           // room kept at the end of a bar for its number

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return {};
    try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; }
  }

  var page = readJSON('page-data');
  var S = readJSON('board-strings');
  var workshop = page.workshop || {};
  var workshopId = workshop.id;

  var groupLabels = new Map();
  (page.groups || []).forEach(function (g) { groupLabels.set(g.key, g.label); });
  var dimLabels = new Map();
  (page.dimensions || []).forEach(function (d) { dimLabels.set(d.key, d.label); });

  function fmt(s, params) {
    return String(s == null ? '' : s).replace(/%\((\w+)\)s/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(params, k) ? String(params[k]) : m;
    });
  }
  function plural(n, one, other) {
    return fmt(n === 1 ? S[one] : S[other], { n: n });
  }
  function num(v) {
    var n = Number(v);
    return isFinite(n) ? n : 0;
  }
  function dimClass(key) {
    return dimLabels.has(key) ? 'dim-' + key : 'dim-unknown';
  }
  function setText(el, text) {
    text = text == null ? '' : String(text);
    if (el.textContent !== text) el.textContent = text;
  }
  function unit() {
    return Math.min(window.innerHeight / 100, window.innerWidth * 0.5625 / 100);
  }

  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  var el = {
    pill: $('phase-pill'), title: $('session-title'), bigline: $('bigline'), stats: $('stats'),
    content: $('content'), message: $('message'), cards: $('cards'), ranking: $('ranking'),
    total: $('people-total'), totalLabel: $('people-label'), groups: $('groups'), conn: $('conn'),
    code: document.querySelector('.board-code')
  };
  var groupRows = new Map();
  Array.prototype.forEach.call(el.groups.querySelectorAll('[data-group]'), function (li) {
    groupRows.set(li.getAttribute('data-group'), {
      fill: li.querySelector('.board-group-fill'), n: li.querySelector('.board-group-n')
    });
  });

  /* ------------------------------------------------------------------ payload intake */

  var lastSession;               // undefined until the first payload
  var lastSeq = -Infinity;
  var pending = null;            // newest accepted payload
  var connEpoch = 0;
  var updateSeenThisConn = false;

  function accept(p, fromAck) {
    if (!p || typeof p !== 'object') return;
    if (p.workshop_id != null && workshopId != null && p.workshop_id !== workshopId) return;
    var sid = p.session_id == null ? null : p.session_id;
    var seq = typeof p.seq === 'number' ? p.seq : null;
    if (sid === lastSession && seq !== null && seq < lastSeq) {
      // A stale update. The ack of a fresh board:watch is a full snapshot and wins anyway,
      // unless a newer update already came in on this connection (e.g. after a server
      // restart seq may start again from a lower value).
      if (!fromAck || updateSeenThisConn) return;
    }
    lastSession = sid;
    if (seq !== null) lastSeq = seq;
    pending = p;
    schedule();
  }

  /* ------------------------------------------------------------------ render scheduling */

  var frameRequested = false;
  var timer = null;
  var lastRenderAt = 0;
  var forceLayout = false;

  function schedule(delay) {
    if (frameRequested || timer !== null) return;
    var wait = Math.max(delay || 0, lastRenderAt + RENDER_MIN_MS - performance.now());
    if (wait > 0) {
      timer = setTimeout(function () { timer = null; requestFrame(); }, wait);
    } else {
      requestFrame();
    }
  }
  function requestFrame() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(function () {
      frameRequested = false;
      lastRenderAt = performance.now();
      render();
    });
  }

  /* ------------------------------------------------------------------ rendering */

  var rendered = null;           // payload last rendered
  var renderedSession;           // its session id
  var lastReorderAt = 0;
  var cardNodes = new Map();     // proposal id -> {node, title, meta, dim, key}
  var cardOrder = [];            // ids in displayed order
  var rowNodes = new Map();      // proposal id -> {node, rank, title, bar, score, dim}
  var rowOrder = [];
  var fittedFor = { bigline: '', code: '', w: 0, h: 0 };

  function render() {
    var p = pending;
    if (!p) return;
    var now = performance.now();
    if (p.session_id !== renderedSession || rendered === null) {
      clearKeyed(cardNodes); cardOrder = [];
      clearKeyed(rowNodes); rowOrder = [];
      lastReorderAt = 0;
    }
    renderedSession = p.session_id;
    rendered = p;

    var phase = p.phase || 'none';
    if (['draft', 'collect', 'review', 'vote', 'closed'].indexOf(phase) < 0) phase = 'none';
    setPhaseClass(phase);
    setText(el.pill, S['pill_' + phase] || S.pill_none);
    setText(el.title, p.title || workshop.title || '');
    setText(el.bigline, bigline(phase, p));

    renderPeople(p.participants || {});

    // Reads first (layout), then writes.
    var box = { w: el.content.clientWidth, h: el.content.clientHeight };
    var u = unit();
    var again = false;
    var stats = '';
    var message = '';

    if (phase === 'collect' || phase === 'review') {
      var proposals = Array.isArray(p.proposals) ? p.proposals : [];
      var shown = renderCards(proposals, box, u, now);
      again = shown.deferred;
      var count = p.proposals_count != null ? num(p.proposals_count) : proposals.length;
      stats = plural(count, 'proposals_one', 'proposals_other');
      if (count > shown.fit) stats += ' · ' + fmt(S.newest_shown, { n: shown.fit });
      if (!proposals.length) message = S.no_proposals;
    } else {
      hideKeyed(cardNodes); cardOrder = [];
    }

    if (phase === 'vote' || phase === 'closed') {
      var results = Array.isArray(p.results) ? p.results : [];
      var r = renderRanking(results, box, u, now, phase);
      again = again || r.deferred;
      var total = num((p.participants || {}).total);
      stats = fmt(S.voters, { n: num(p.voters), total: total });
      var maxPer = p.settings && p.settings.max_dots_per_proposal;
      if (phase === 'vote' && p.method === 'dots' && maxPer) {
        stats += ' · ' + fmt(S.max_per_proposal, { n: maxPer });
      } else if (phase === 'closed' && results.length > r.fit) {
        stats += ' · ' + fmt(S.top_shown, { n: r.fit });
      }
      if (!results.length) message = S.no_results;
    } else {
      hideKeyed(rowNodes); rowOrder = [];
    }

    if (phase === 'none' || phase === 'draft') message = S.help_join;
    setText(el.stats, stats);
    setText(el.message, message);
    el.message.hidden = !message;

    fitText(box);
    forceLayout = false;
    if (again) schedule(REORDER_MIN_MS - (performance.now() - lastReorderAt));
  }

  function setPhaseClass(phase) {
    var want = 'phase-' + phase;
    if (body.classList.contains(want)) return;
    Array.prototype.slice.call(body.classList).forEach(function (c) {
      if (c.indexOf('phase-') === 0) body.classList.remove(c);
    });
    body.classList.add(want);
  }

  function bigline(phase, p) {
    if (phase === 'collect') return S.phase_collect;
    if (phase === 'review') return S.phase_review;
    if (phase === 'closed') return S.phase_closed;
    if (phase === 'vote') {
      var dots = p.settings && p.settings.dots_per_participant;
      return p.method === 'dots' && dots ? fmt(S.phase_vote, { n: dots }) : S.phase_vote_other;
    }
    return S.phase_none;
  }

  function renderPeople(people) {
    var total = num(people.total);
    setText(el.total, total);
    setText(el.totalLabel, total === 1 ? S.participants_one : S.participants_other);
    var by = people.by_group || {};
    var max = 0;
    groupRows.forEach(function (_, key) { max = Math.max(max, num(by[key])); });
    groupRows.forEach(function (row, key) {
      var n = num(by[key]);
      setText(row.n, n);
      row.fill.style.width = max > 0 ? (100 * n / max).toFixed(1) + '%' : '0%';
    });
  }

  /* Keeps the displayed order unless a reorder is allowed now. Returns {order, deferred}. */
  function chooseOrder(wanted, displayed, alive, now) {
    if (sameList(wanted, displayed)) return { order: displayed, deferred: false };
    var displayedAlive = displayed.every(function (id) { return alive.has(id); });
    if (forceLayout || !displayed.length || !displayedAlive || now - lastReorderAt >= REORDER_MIN_MS) {
      lastReorderAt = now;
      return { order: wanted, deferred: false };
    }
    return { order: displayed, deferred: true };
  }

  function renderCards(proposals, box, u, now) {
    var cardH = CARD_H * u, gapY = CARD_GAP_Y * u, gapX = CARD_GAP_X * u;
    var rows = Math.max(1, Math.floor((box.h + gapY) / (cardH + gapY)));
    var fit = rows * CARD_COLS;
    var cardW = (box.w - gapX * (CARD_COLS - 1)) / CARD_COLS;
    function place(i) {
      var x = (i % CARD_COLS) * (cardW + gapX), y = Math.floor(i / CARD_COLS) * (cardH + gapY);
      return 'translate(' + Math.round(x) + 'px,' + Math.round(y) + 'px)';
    }
    var byId = new Map();
    var index = new Map();
    proposals.forEach(function (pr) {
      if (pr && pr.id != null && !byId.has(pr.id)) { index.set(pr.id, byId.size); byId.set(pr.id, pr); }
    });
    var wanted = Array.from(byId.keys()).slice(0, fit);
    var choice = chooseOrder(wanted, cardOrder, byId, now);
    var order = choice.order;
    var keep = new Set(order);

    cardNodes.forEach(function (c, id) {
      if (keep.has(id)) return;
      // Pushed out by newer cards: carry on to the next slot (below, clipped) while fading.
      leave(c.node, index.has(id) ? place(Math.max(fit, index.get(id))) : null);
      cardNodes.delete(id);
    });
    order.forEach(function (id, i) {
      var pr = byId.get(id);
      var c = cardNodes.get(id);
      if (!c) { c = makeCard(); cardNodes.set(id, c); el.cards.appendChild(c.node); }
      setDim(c, pr.dimension);
      setText(c.title, pr.title);
      var meta = dimLabels.get(pr.dimension) || '';
      var g = pr.group != null ? (groupLabels.get(pr.group) || pr.group) : '';
      setText(c.meta, g ? (meta ? meta + ' · ' + g : g) : meta);
      c.node.style.width = Math.floor(cardW) + 'px';
      c.node.style.height = Math.round(cardH) + 'px';
      c.node.style.transform = place(i);
    });
    cardOrder = order;
    return { fit: fit, deferred: choice.deferred };
  }

  function makeCard() {
    var node = document.createElement('article');
    node.className = 'board-card';
    var inner = document.createElement('div');
    inner.className = 'board-card-in';
    var title = document.createElement('p');
    title.className = 'board-card-title';
    var meta = document.createElement('p');
    meta.className = 'board-card-meta';
    inner.appendChild(title);
    inner.appendChild(meta);
    node.appendChild(inner);
    return { node: node, title: title, meta: meta, dim: null };
  }

  function renderRanking(results, box, u, now, phase) {
    var rowH = ROW_H * u, gap = ROW_GAP * u;
    var fit = Math.max(1, Math.min(MAX_ROWS, Math.floor((box.h + gap) / (rowH + gap))));
    // Spread the rows over spare height (a little), so ten rows fill the area evenly.
    var pitch = Math.min((rowH + gap) * 1.3, (box.h + gap) / fit);
    function place(i) { return 'translateY(' + Math.round(i * pitch) + 'px)'; }
    var sorted = results.filter(function (r) { return r && r.proposal_id != null; })
      .map(function (r, i) { return { r: r, i: i }; });
    // The server ranks; keep its order, only make sure it is by rank.
    sorted.sort(function (a, b) { return num(a.r.rank) - num(b.r.rank) || a.i - b.i; });
    var byId = new Map();
    var index = new Map();
    var maxScore = 0;
    sorted.forEach(function (x) {
      var id = x.r.proposal_id;
      if (byId.has(id)) return;
      index.set(id, byId.size);
      byId.set(id, x.r);
      maxScore = Math.max(maxScore, num(x.r.score));
    });
    var wanted = Array.from(byId.keys()).slice(0, fit);
    var hadRows = rowOrder.length > 0;
    var choice = chooseOrder(wanted, rowOrder, byId, now);
    var order = choice.order;
    var keep = new Set(order);

    rowNodes.forEach(function (c, id) {
      if (keep.has(id)) return;
      // Dropped out of the top: slide down out of view while fading.
      leave(c.node, index.has(id) ? place(fit) : null);
      rowNodes.delete(id);
    });
    order.forEach(function (id, i) {
      var r = byId.get(id);
      var c = rowNodes.get(id);
      if (!c) {
        c = makeRow();
        rowNodes.set(id, c);
        if (hadRows) {
          // A newcomer climbs in from below the list rather than popping up in place.
          c.node.style.transform = place(fit);
          c.node.style.height = Math.round(rowH) + 'px';
          el.ranking.appendChild(c.node);
          void c.node.offsetHeight;  // commit the start position so the move transitions
        } else {
          el.ranking.appendChild(c.node);
        }
      }
      setDim(c, r.dimension);
      // While a reorder waits, keep rank badges in step with positions; scores run ahead.
      var score = num(r.score);
      // No votes yet: a tie for first place says nothing, so no rank until the first dot.
      var rank = phase === 'vote' && score <= 0 ? '\u2013' : (r.rank != null ? r.rank : i + 1);
      if (!choice.deferred || c.rank.textContent === '') setText(c.rank, rank);
      setText(c.title, r.title);
      setText(c.score, Number.isInteger(score) ? score : score.toFixed(1));
      var ratio = maxScore > 0 ? Math.max(0, score) / maxScore : 0;
      var width = 'calc((100% - ' + SCORE_ROOM + ' * var(--u)) * ' + ratio.toFixed(4) + ')';
      if (c.width !== width) { c.bar.style.width = width; c.width = width; }
      c.node.classList.toggle('is-top', num(r.rank) >= 1 && num(r.rank) <= 3);
      c.node.style.height = Math.round(rowH) + 'px';
      c.node.style.transform = place(i);
    });
    rowOrder = order;
    return { fit: fit, deferred: choice.deferred };
  }

  function makeRow() {
    var node = document.createElement('div');
    node.className = 'board-row';
    var rank = document.createElement('span');
    rank.className = 'board-rank';
    var main = document.createElement('div');
    main.className = 'board-row-main';
    var title = document.createElement('p');
    title.className = 'board-row-title';
    var line = document.createElement('div');
    line.className = 'board-row-barline';
    var bar = document.createElement('span');
    bar.className = 'board-row-bar';
    var score = document.createElement('span');
    score.className = 'board-row-score';
    line.appendChild(bar);
    line.appendChild(score);
    main.appendChild(title);
    main.appendChild(line);
    node.appendChild(rank);
    node.appendChild(main);
    return { node: node, rank: rank, title: title, bar: bar, score: score, dim: null, width: null };
  }

  function setDim(c, key) {
    var cls = dimClass(key);
    if (c.dim === cls) return;
    if (c.dim) c.node.classList.remove(c.dim);
    c.node.classList.add(cls);
    c.dim = cls;
  }

  function leave(node, transform) {
    node.classList.add('board-leaving');
    if (transform) node.style.transform = transform;
    setTimeout(function () { if (node.parentNode) node.parentNode.removeChild(node); }, LEAVE_MS);
  }
  function hideKeyed(map) {
    map.forEach(function (c) { leave(c.node); });
    map.clear();
  }
  function clearKeyed(map) {
    map.forEach(function (c) { if (c.node.parentNode) c.node.parentNode.removeChild(c.node); });
    map.clear();
  }
  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /* Shrinks one-line texts that do not fit (the phase line, the join code). */
  function fitText(box) {
    var sizeChanged = box.w !== fittedFor.w || box.h !== fittedFor.h;
    if (sizeChanged || el.bigline.textContent !== fittedFor.bigline) {
      shrinkToFit(el.bigline);
      fittedFor.bigline = el.bigline.textContent;
    }
    if (el.code && (sizeChanged || !fittedFor.code)) {
      shrinkToFit(el.code, el.code.parentNode.clientWidth - 2 * parseFloat(getComputedStyle(el.code.parentNode).paddingLeft));
      fittedFor.code = el.code.textContent;
    }
    fittedFor.w = box.w; fittedFor.h = box.h;
  }
  function shrinkToFit(node, avail) {
    node.style.fontSize = '';
    var room = avail || node.clientWidth;
    var need = node.scrollWidth;
    if (room > 0 && need > room) {
      var size = parseFloat(getComputedStyle(node).fontSize);
      node.style.fontSize = Math.max(size * 0.55, Math.floor(size * room / need) - 1) + 'px';
    }
  }

  window.addEventListener('resize', function () {
    forceLayout = true;
    if (pending) schedule(); else fitText({ w: el.content.clientWidth, h: el.content.clientHeight });
  });
  fitText({ w: el.content.clientWidth, h: el.content.clientHeight });

  /* ------------------------------------------------------------------ connection */

  var connTimer = null;
  var watchError = '';

  function showConn() {
    var text = watchError || (socket && !socket.connected ? S.disconnected : '');
    setText(el.conn, text);
    el.conn.hidden = !text;
  }
  function disconnectedSoon() {
    if (connTimer !== null) return;
    connTimer = setTimeout(function () { connTimer = null; showConn(); }, DISCONNECT_GRACE_MS);
  }

  if (typeof window.io !== 'function') {
    watchError = S.disconnected;
    showConn();
    return;
  }

  var socket = window.io({ transports: ['websocket', 'polling'] });
  var watchRetry = null;

  function watch() {
    clearTimeout(watchRetry);
    var epoch = connEpoch;
    socket.timeout(WATCH_TIMEOUT_MS).emit('board:watch', { workshop_id: workshopId }, function (err, res) {
      if (epoch !== connEpoch || !socket.connected) return;
      if (err) { watchRetry = setTimeout(watch, 2000); return; }
      if (!res || !res.ok) {
        var e = (res && res.error) || {};
        watchError = fmt(S.watch_error, { message: e.message || e.code || '?' });
        showConn();
        watchRetry = setTimeout(watch, WATCH_RETRY_MS);
        return;
      }
      watchError = '';
      showConn();
      accept(res.update, true);
    });
  }

  socket.on('connect', function () {
    connEpoch++;
    updateSeenThisConn = false;
    clearTimeout(connTimer); connTimer = null;
    showConn();
    watch();
  });
  socket.on('board:update', function (p) {
    updateSeenThisConn = true;
    accept(p, false);
  });
  socket.on('disconnect', function (reason) {
    clearTimeout(watchRetry);
    disconnectedSoon();
    // The server closed the socket on purpose: the client will not reconnect by itself.
    if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, 3000);
  });
  socket.on('connect_error', function (err) {
    // Refused by the server (e.g. the log-in expired): say why, and retry slowly.
    if (!socket.active) {
      var data = (err && err.data) || {};
      watchError = fmt(S.watch_error, { message: data.message || data.code || (err && err.message) || '?' });
      showConn();
      setTimeout(function () { socket.connect(); }, 5000);
    } else {
      disconnectedSoon();
    }
  });
})();
