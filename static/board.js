/* Rembuk projector board (templates/board.html).
 *
 * Listens to Socket.IO "board:update" payloads for one workshop and renders them:
 * - at most one render per animation frame, and at most RENDER_MIN_MS apart;
 * - one DOM node per proposal (keyed by proposal id) that moves with CSS transform
 *   transitions instead of being rebuilt;
 * - order changes (cards shifting, bars overtaking) at most once per REORDER_MIN_MS.
 * The four voting methods (dots, points, score, rank) share the ranking rows; the facilitator can
 * switch between the overall and the group-balanced ranking (button in the corner or key "b") and
 * show or hide where the groups disagree (key "d"); both choices persist in localStorage.
 * The phase timer counts down from `remaining` with the local clock, taken when the payload came.
 * User text (titles, labels) only ever goes through textContent.
 */
(function () {
  'use strict';

  var RENDER_MIN_MS = 150;      // <= ~6 renders a second
  var REORDER_MIN_MS = 1200;    // order changes at most every 1.2 s
  var LEAVE_MS = 450;           // fade-out before a node is removed
  var NOTE_MS = 6000;           // how long a merge notice stays
  var MAX_NOTES = 3;
  var DISCONNECT_GRACE_MS = 1500;
  var WATCH_TIMEOUT_MS = 10000;
  var WATCH_RETRY_MS = 15000;
  var TIMER_WARN_S = 30;
  // Geometry in board units (--u, 1% of a 16:9 frame's height); see board.css.
  var CARD_COLS = 2;
  var CARD_H = 12.2;
  var CARD_GAP_X = 1.6;
  var CARD_GAP_Y = 1.2;
  var ROW_H = 6.2;
  var ROW_H_TALL = 9.4;         // score rows with the criteria line
  var ROW_GAP = 0.6;
  var MAX_ROWS = 10;
  var MIN_ROWS_WITH_PANEL = 6;
  var MIN_TALL_ROWS = 6;  // the disagreement panel only takes room the ranking can spare
  var SCORE_ROOM = 7;           // room kept at the end of a bar for its number (at least)
  var SCORE_CHAR = 1.9;         // width of one digit of that number (3u, bold)
  var SCORE_MAX = 5;            // score sessions: 1-5 means, bars on a fixed 0-5 scale
  var STORE_VIEW = 'rembuk.board.view';
  var STORE_DISAGREE = 'rembuk.board.disagreements';

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
  var groupOrder = (page.groups || []).map(function (g) { return g.key; });
  var dimLabels = new Map();
  (page.dimensions || []).forEach(function (d) { dimLabels.set(d.key, d.label); });

  var locale = page.lang === 'en' ? 'en' : 'id';
  function numberFormat(opts) {
    try { return new Intl.NumberFormat(locale, opts); } catch (e) {
      return { format: function (v) { return String(Math.round(v * 10) / 10); } };
    }
  }
  var NF_INT = numberFormat({ maximumFractionDigits: 0 });
  var NF_ONE = numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var NF_UPTO_ONE = numberFormat({ maximumFractionDigits: 1 });
  /* Averages (group-balanced figures): one decimal below ten ("0,4", "8,0"), none above ("37"). */
  function fmtAverage(v) {
    if (v === 0) return NF_INT.format(0);
    return (Math.abs(v) >= 10 ? NF_INT : NF_ONE).format(v);
  }

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
  function setHidden(el, hidden) {
    if (el.hidden !== hidden) el.hidden = hidden;
  }
  function unit() {
    return Math.min(window.innerHeight / 100, window.innerWidth * 0.5625 / 100);
  }
  function load(key, fallback) {
    try { return window.localStorage.getItem(key) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: keep it in memory */ }
  }

  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  var el = {
    pill: $('phase-pill'), title: $('session-title'), bigline: $('bigline'), stats: $('stats'),
    viewLabel: $('view-label'), statsText: $('stats-text'),
    content: $('content'), message: $('message'), cards: $('cards'), ranking: $('ranking'),
    hiddenNote: $('board-hidden-note'), hiddenN: $('hidden-n'), hiddenOf: $('hidden-of'),
    notes: $('notes'), legend: $('legend'), disagree: $('disagree'), toggle: $('board-view-toggle'),
    timer: $('board-timer'), timerTime: $('timer-time'),
    total: $('people-total'), totalLabel: $('people-label'), groups: $('groups'), conn: $('conn'),
    code: document.querySelector('.board-code')
  };
  var groupRows = new Map();
  Array.prototype.forEach.call(el.groups.querySelectorAll('[data-group]'), function (li) {
    groupRows.set(li.getAttribute('data-group'), {
      fill: li.querySelector('.board-group-fill'), n: li.querySelector('.board-group-n')
    });
  });

  /* ------------------------------------------------------------------ the facilitator's choices */

  var prefs = {
    balanced: load(STORE_VIEW, 'overall') === 'balanced',
    disagree: load(STORE_DISAGREE, 'on') !== 'off'
  };
  function rerenderNow() {
    forceLayout = true;
    if (pending) schedule();
  }
  function toggleView() {
    prefs.balanced = !prefs.balanced;
    store(STORE_VIEW, prefs.balanced ? 'balanced' : 'overall');
    rerenderNow();
  }
  function toggleDisagree() {
    prefs.disagree = !prefs.disagree;
    store(STORE_DISAGREE, prefs.disagree ? 'on' : 'off');
    rerenderNow();
  }
  el.toggle.addEventListener('click', function () { toggleView(); el.toggle.blur(); });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var k = (e.key || '').toLowerCase();
    if (k === 'b') { toggleView(); e.preventDefault(); }
    else if (k === 'd') { toggleDisagree(); e.preventDefault(); }
  });
  window.addEventListener('storage', function (e) {
    // A second board window of the same browser follows the choice.
    if (e.key === STORE_VIEW) { prefs.balanced = e.newValue === 'balanced'; rerenderNow(); }
    if (e.key === STORE_DISAGREE) { prefs.disagree = e.newValue !== 'off'; rerenderNow(); }
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
    var sessionChanged = sid !== lastSession;
    lastSession = sid;
    if (seq !== null) lastSeq = seq;
    pending = p;
    // The countdown is anchored now, when the payload arrived, not when it gets drawn.
    takeTimer(p.timer, p.phase, sessionChanged);
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
  var cardNodes = new Map();     // proposal id -> {node, title, badge, meta, dim}
  var cardOrder = [];            // ids in displayed order
  var rowNodes = new Map();      // proposal id -> {node, rank, title, badge, crit, bar, score, dim}
  var rowOrder = [];
  var fittedFor = { bigline: '', code: '', w: 0, h: 0, timer: false };

  function render() {
    var p = pending;
    if (!p) return;
    var now = performance.now();
    var sessionChanged = p.session_id !== renderedSession || rendered === null;
    if (sessionChanged) {
      clearKeyed(cardNodes); cardOrder = [];
      clearKeyed(rowNodes); rowOrder = [];
      lastReorderAt = 0;
      disagreeShown = { sig: null, at: 0 };
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
    var mergedInto = noteMerges(p, sessionChanged);
    updateTimer();

    var voting = phase === 'vote' || phase === 'closed';
    var hidden = voting && p.results_hidden === true;
    var rawResults = voting && !hidden ? pickRows(p) : [];
    var balanced = rawResults.balanced;
    var results = rawResults.rows || [];
    var showPanel = voting && !hidden && prefs.disagree && results.length > 0 &&
      Array.isArray(p.disagreements) && p.disagreements.length > 0;
    body.classList.toggle('results-hidden', hidden);
    body.classList.toggle('view-balanced', voting && !hidden && balanced);
    setHidden(el.toggle, !(voting && !hidden && results.length > 0));
    el.toggle.setAttribute('aria-pressed', balanced ? 'true' : 'false');

    // The disagreement panel takes the legend's place, but only when the ranking can spare
    // the room. Writes first, then one layout read.
    if (showPanel) renderDisagreements(p, results, now);
    setPanel(showPanel);
    var box = { w: el.content.clientWidth, h: el.content.clientHeight };
    var u = unit();
    if (showPanel) {
      var wantRows = Math.min(results.length, MIN_ROWS_WITH_PANEL);
      if (Math.floor((box.h + ROW_GAP * u) / ((ROW_H + ROW_GAP) * u)) < wantRows) {
        setPanel(false);
        box = { w: el.content.clientWidth, h: el.content.clientHeight };
      }
    }

    var again = false;
    var stats = [];               // the stats line: its main part, then extras dropped when short of room
    var shortStats = null;        // a shorter main part, for when even that does not fit
    var message = '';

    if (phase === 'collect' || phase === 'review') {
      var proposals = Array.isArray(p.proposals) ? p.proposals : [];
      var shown = renderCards(proposals, box, u, now, mergedInto);
      again = shown.deferred;
      var count = p.proposals_count != null ? num(p.proposals_count) : proposals.length;
      stats = [plural(count, 'proposals_one', 'proposals_other')];
      if (count > shown.fit) stats.push(fmt(S.newest_shown, { n: shown.fit }));
      if (!proposals.length) message = S.no_proposals;
    } else {
      hideKeyed(cardNodes); cardOrder = [];
    }

    var total = num((p.participants || {}).total);
    if (voting && !hidden) {
      var r = renderRanking(results, box, u, now, phase, p, balanced, mergedInto);
      again = again || r.deferred;
      stats = [fmt(S.voters, { n: num(p.voters), total: total })];
      shortStats = fmt(S.voters_short, { n: num(p.voters), total: total });
      if (phase === 'closed' && results.length > r.fit) stats.push(fmt(S.top_shown, { n: r.fit }));
      var rule = methodRule(p, phase, balanced);
      if (rule) stats.push(rule);
      if (!results.length) message = S.no_results;
    } else {
      hideKeyed(rowNodes); rowOrder = [];
    }
    setText(el.viewLabel, balanced ? S.view_balanced : S.view_overall);
    setHidden(el.viewLabel, !(voting && !hidden && results.length > 0));

    if (hidden) {
      var n = num(p.proposals_count);
      stats = [plural(n, 'proposals_one', 'proposals_other')];
      var maxPer = p.settings && p.settings.max_dots_per_proposal;
      if (phase === 'vote' && p.method === 'dots' && maxPer) stats.push(fmt(S.max_per_proposal, { n: maxPer }));
      setText(el.hiddenN, num(p.voters));
      setText(el.hiddenOf, fmt(S.hidden_of, { total: total }));
    }
    setHidden(el.hiddenNote, !hidden);

    if (phase === 'none' || phase === 'draft') message = S.help_join;
    fitStats(stats, shortStats, box.w);
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
      var st = p.settings || {};
      if (p.method === 'dots' && st.dots_per_participant) return fmt(S.phase_vote, { n: st.dots_per_participant });
      if (p.method === 'points' && st.points_budget) return fmt(S.phase_vote_points, { n: NF_INT.format(num(st.points_budget)) });
      if (p.method === 'score') return S.phase_vote_score;
      if (p.method === 'rank' && st.rank_size) return fmt(S.phase_vote_rank, { n: st.rank_size });
      return S.phase_vote_other;
    }
    return S.phase_none;
  }

  /* What the numbers mean, for the stats line. */
  function methodRule(p, phase, balanced) {
    var st = p.settings || {};
    if (balanced) return p.method === 'score' ? S.balanced_score_rule : S.balanced_sum_rule;
    if (p.method === 'dots' && phase === 'vote' && st.max_dots_per_proposal) {
      return fmt(S.max_per_proposal, { n: st.max_dots_per_proposal });
    }
    if (p.method === 'rank' && st.rank_size) return fmt(S.borda_rule, { n: st.rank_size });
    if (p.method === 'score') return S.score_rule;
    return '';
  }

  /* The rows of the chosen view: {rows, balanced}. Falls back to the overall ranking when the
     server sent no balanced one. */
  function pickRows(p) {
    var overall = Array.isArray(p.results) ? p.results : [];
    var bal = Array.isArray(p.balanced) ? p.balanced : [];
    if (prefs.balanced && (bal.length || !overall.length)) return { rows: bal, balanced: true };
    return { rows: overall, balanced: false };
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

  function setBadge(badge, merged) {
    var n = Math.max(0, Math.round(num(merged)));
    setText(badge, n > 0 ? '+' + n : '');
    setHidden(badge, n <= 0);
  }

  function renderCards(proposals, box, u, now, mergedInto) {
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
      var into = mergedInto.get(id);
      var at = into != null ? order.indexOf(into) : -1;
      if (at >= 0) {
        // Merged: slide onto the card that absorbed it while fading.
        leave(c.node, place(at));
      } else {
        // Pushed out by newer cards: carry on to the next slot (below, clipped) while fading.
        leave(c.node, index.has(id) ? place(Math.max(fit, index.get(id))) : null);
      }
      cardNodes.delete(id);
    });
    order.forEach(function (id, i) {
      var pr = byId.get(id);
      var c = cardNodes.get(id);
      if (!c) { c = makeCard(); cardNodes.set(id, c); el.cards.appendChild(c.node); }
      setDim(c, pr.dimension);
      setText(c.title, pr.title);
      setBadge(c.badge, pr.merged_count);
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

  function makeBadge() {
    var badge = document.createElement('span');
    badge.className = 'board-merged';
    badge.hidden = true;
    return badge;
  }

  function makeCard() {
    var node = document.createElement('article');
    node.className = 'board-card';
    var inner = document.createElement('div');
    inner.className = 'board-card-in';
    var top = document.createElement('div');
    top.className = 'board-card-top';
    var title = document.createElement('p');
    title.className = 'board-card-title';
    var badge = makeBadge();
    var meta = document.createElement('p');
    meta.className = 'board-card-meta';
    top.appendChild(title);
    top.appendChild(badge);
    inner.appendChild(top);
    inner.appendChild(meta);
    node.appendChild(inner);
    return { node: node, title: title, badge: badge, meta: meta, dim: null };
  }

  /* The number at the end of a bar: integers for dots, points and Borda points; a 1-5 mean with
     one decimal; group-balanced averages with up to one decimal. */
  function scoreText(r, method, balanced) {
    var score = num(r.score);
    if (method === 'score') return num(r.voters) > 0 ? NF_ONE.format(score) : '\u2013';
    return balanced || !Number.isInteger(score) ? fmtAverage(score) : NF_INT.format(score);
  }

  function criteriaText(r, criteria) {
    var means = (r.detail && r.detail.criteria_means) || {};
    return criteria.map(function (c) {
      var m = means[c.key];
      var v = m == null || !isFinite(Number(m)) ? '\u2013' : NF_ONE.format(Number(m));
      return (c.label || c.key) + ' ' + v;
    }).join(' · ');
  }

  function renderRanking(results, box, u, now, phase, p, balanced, mergedInto) {
    var method = p.method;
    var criteria = (method === 'score' && !balanced && p.settings && Array.isArray(p.settings.criteria))
      ? p.settings.criteria.filter(function (c) { return c && c.key != null; }) : [];
    var gap = ROW_GAP * u;
    var valid = results.filter(function (r) { return r && r.proposal_id != null; });
    var want = Math.min(MAX_ROWS, valid.length);
    // Score sessions show each criterion's mean under the title when every row still fits, or
    // when at least MIN_TALL_ROWS of them do (fewer rows, but the criteria are the point).
    var tallFit = Math.floor((box.h + gap) / ((ROW_H_TALL + ROW_GAP) * u));
    var tall = criteria.length > 0 && want > 0 && tallFit >= Math.min(want, MIN_TALL_ROWS);
    var rowH = (tall ? ROW_H_TALL : ROW_H) * u;
    var fit = Math.max(1, Math.min(MAX_ROWS, Math.floor((box.h + gap) / (rowH + gap))));
    // Spread the rows over spare height (a little), so ten rows fill the area evenly.
    var pitch = Math.min((rowH + gap) * 1.3, (box.h + gap) / fit);
    function place(i) { return 'translateY(' + Math.round(i * pitch) + 'px)'; }
    var sorted = valid.map(function (r, i) { return { r: r, i: i }; });
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
    if (method === 'score') maxScore = SCORE_MAX;
    var wanted = Array.from(byId.keys()).slice(0, fit);
    var hadRows = rowOrder.length > 0;
    var choice = chooseOrder(wanted, rowOrder, byId, now);
    var order = choice.order;
    var keep = new Set(order);
    // Room at the end of the bars for the longest number shown ("14.500" needs more than "9").
    var texts = new Map();
    var longest = 0;
    order.forEach(function (id) {
      var t = scoreText(byId.get(id), method, balanced);
      texts.set(id, t);
      longest = Math.max(longest, t.length);
    });
    var room = Math.max(SCORE_ROOM, 1.4 + SCORE_CHAR * longest).toFixed(1);

    rowNodes.forEach(function (c, id) {
      if (keep.has(id)) return;
      var into = mergedInto.get(id);
      var at = into != null ? order.indexOf(into) : -1;
      // Merged: slide onto its survivor; dropped out of the top: slide down out of view.
      leave(c.node, at >= 0 ? place(at) : (index.has(id) ? place(fit) : null));
      rowNodes.delete(id);
    });
    var created = false;
    order.forEach(function (id, i) {
      if (rowNodes.has(id)) return;
      var c = makeRow();
      rowNodes.set(id, c);
      // A newcomer climbs in from below the list rather than popping up in place; the first
      // rows (on opening, or at the reveal) start where they belong and only their bars grow.
      c.node.style.transform = place(hadRows ? fit : i);
      c.node.style.height = Math.round(rowH) + 'px';
      el.ranking.appendChild(c.node);
      created = true;
    });
    // Commit start positions and zero-width bars, so moves and bars (e.g. at the reveal) animate.
    if (created) void el.ranking.offsetHeight;
    order.forEach(function (id, i) {
      var r = byId.get(id);
      var c = rowNodes.get(id);
      setDim(c, r.dimension);
      // While a reorder waits, keep rank badges in step with positions; scores run ahead.
      var score = num(r.score);
      // No votes yet: a tie for first place says nothing, so no rank until the first vote.
      var rank = phase === 'vote' && score <= 0 ? '\u2013' : (r.rank != null ? r.rank : i + 1);
      if (!choice.deferred || c.rank.textContent === '') setText(c.rank, rank);
      setText(c.title, r.title);
      setBadge(c.badge, r.merged_count);
      setText(c.score, texts.get(id));
      setText(c.crit, tall ? criteriaText(r, criteria) : '');
      setHidden(c.crit, !tall);
      var ratio = maxScore > 0 ? Math.min(1, Math.max(0, score) / maxScore) : 0;
      var width = 'calc((100% - ' + room + ' * var(--u)) * ' + ratio.toFixed(4) + ')';
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
    var head = document.createElement('div');
    head.className = 'board-row-head';
    var title = document.createElement('p');
    title.className = 'board-row-title';
    var badge = makeBadge();
    var crit = document.createElement('p');
    crit.className = 'board-row-criteria';
    crit.hidden = true;
    var line = document.createElement('div');
    line.className = 'board-row-barline';
    var bar = document.createElement('span');
    bar.className = 'board-row-bar';
    var score = document.createElement('span');
    score.className = 'board-row-score';
    head.appendChild(title);
    head.appendChild(badge);
    line.appendChild(bar);
    line.appendChild(score);
    main.appendChild(head);
    main.appendChild(crit);
    main.appendChild(line);
    node.appendChild(rank);
    node.appendChild(main);
    return { node: node, rank: rank, title: title, badge: badge, crit: crit, bar: bar, score: score,
             dim: null, width: null };
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

  /* ------------------------------------------------------------------ where groups disagree */

  var disagreeShown = { sig: null, at: 0 };

  function setPanel(show) {
    setHidden(el.disagree, !show);
    body.classList.toggle('has-disagree', show);
  }

  /* A small table: one column per proposal (at most three), one row per group that voted, each
     cell a mini bar with the group's figure. Rebuilt only when its content changes, and then at
     most once per REORDER_MIN_MS like any reorder. */
  function renderDisagreements(p, results, now) {
    var list = p.disagreements.slice(0, 3).filter(function (d) { return d && d.proposal_id != null; });
    var sig = JSON.stringify([p.method, list, groupOrder.length, locale]);
    if (sig === disagreeShown.sig) return;
    if (disagreeShown.sig !== null && !forceLayout && now - disagreeShown.at < REORDER_MIN_MS) {
      schedule(REORDER_MIN_MS - (now - disagreeShown.at));
      return;
    }
    disagreeShown = { sig: sig, at: now };
    var dims = new Map();
    results.forEach(function (r) { if (r) dims.set(r.proposal_id, r.dimension); });
    var present = new Set();
    list.forEach(function (d) { Object.keys(d.by_group || {}).forEach(function (g) { present.add(g); }); });
    var groups = groupOrder.filter(function (g) { return present.has(g); });
    present.forEach(function (g) { if (groups.indexOf(g) < 0) groups.push(g); });
    var score = p.method === 'score';
    // Bars share one scale per proposal (its most convinced group is full), or 0-5 for scores.
    var maxes = list.map(function (d) {
      if (score) return SCORE_MAX;
      var max = 0;
      groups.forEach(function (g) { max = Math.max(max, num((d.by_group || {})[g])); });
      return max;
    });

    var table = document.createElement('table');
    table.className = 'board-disagree-table';
    var cols = document.createElement('colgroup');
    var first = document.createElement('col');
    first.className = 'board-disagree-col-group';
    cols.appendChild(first);
    list.forEach(function () { cols.appendChild(document.createElement('col')); });
    table.appendChild(cols);

    var thead = document.createElement('thead');
    var hr = document.createElement('tr');
    var h0 = document.createElement('th');
    h0.className = 'board-disagree-heading';
    h0.scope = 'col';
    h0.textContent = S.disagree_title;
    hr.appendChild(h0);
    list.forEach(function (d) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.className = 'board-disagreement ' + dimClass(dims.get(d.proposal_id));
      th.setAttribute('data-proposal', String(d.proposal_id));
      var t = document.createElement('span');
      t.className = 'board-disagree-title';
      t.textContent = d.title != null ? d.title : '';
      th.appendChild(t);
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);

    var tbody = document.createElement('tbody');
    groups.forEach(function (g) {
      var tr = document.createElement('tr');
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = groupLabels.get(g) || g;
      tr.appendChild(th);
      list.forEach(function (d, i) {
        var v = (d.by_group || {})[g];
        var has = v != null && isFinite(Number(v));
        var td = document.createElement('td');
        td.className = dimClass(dims.get(d.proposal_id));
        var track = document.createElement('span');
        track.className = 'board-disagree-track';
        var bar = document.createElement('span');
        bar.className = 'board-disagree-bar';
        var ratio = has && maxes[i] > 0 ? Math.min(1, Math.max(0, Number(v)) / maxes[i]) : 0;
        bar.style.width = (ratio * 100).toFixed(1) + '%';
        if (!has) bar.hidden = true;
        track.appendChild(bar);
        var n = document.createElement('span');
        n.className = 'board-disagree-n';
        n.textContent = has ? (score ? NF_ONE.format(Number(v)) : fmtAverage(Number(v))) : '\u2013';
        td.appendChild(track);
        td.appendChild(n);
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    while (el.disagree.firstChild) el.disagree.removeChild(el.disagree.firstChild);
    el.disagree.appendChild(table);
  }

  /* ------------------------------------------------------------------ merge notices */

  var seenMerges = null;         // merged proposal ids already known for the shown session

  /* Returns merged id -> survivor id, and announces merges that are new since the last payload
     (not those already there when the board opened). */
  function noteMerges(p, sessionChanged) {
    var merges = (Array.isArray(p.merges) ? p.merges : []).filter(function (m) {
      return m && m.proposal_id != null;
    });
    var into = new Map();
    merges.forEach(function (m) { into.set(m.proposal_id, m.into); });
    if (sessionChanged || seenMerges === null) {
      seenMerges = new Set(into.keys());
      return into;
    }
    var fresh = merges.filter(function (m) { return !seenMerges.has(m.proposal_id); });
    if (!fresh.length) return into;
    fresh.forEach(function (m) { seenMerges.add(m.proposal_id); });
    var titles = new Map();
    merges.forEach(function (m) { titles.set(m.proposal_id, m.title); });
    (Array.isArray(p.results) ? p.results : []).forEach(function (r) { if (r) titles.set(r.proposal_id, r.title); });
    (Array.isArray(p.proposals) ? p.proposals : []).forEach(function (pr) { if (pr) titles.set(pr.id, pr.title); });
    // Oldest first; one notice per survivor, which later merges into it extend.
    fresh.reverse().forEach(function (m) {
      announceMerge(m.into, m.title != null ? String(m.title) : '', titles.get(m.into));
      flash(cardNodes.get(m.into));
      flash(rowNodes.get(m.into));
    });
    return into;
  }

  var notesByTarget = new Map();  // survivor id -> {node, sources, timer}

  function announceMerge(target, source, targetTitle) {
    var note = notesByTarget.get(target);
    if (!note) {
      note = { node: document.createElement('p'), sources: [], timer: null };
      note.node.className = 'board-merge-note';
      notesByTarget.set(target, note);
      el.notes.appendChild(note.node);
      while (el.notes.children.length > MAX_NOTES) el.notes.removeChild(el.notes.firstChild);
    }
    note.sources.push(source);
    var a = note.sources.join('\u00bb, \u00ab');
    setText(note.node, targetTitle != null ? fmt(S.merged_into, { a: a, b: targetTitle }) : fmt(S.merged_away, { a: a }));
    clearTimeout(note.timer);
    note.timer = setTimeout(function () {
      notesByTarget.delete(target);
      note.node.classList.add('board-leaving');
      setTimeout(function () { if (note.node.parentNode) note.node.parentNode.removeChild(note.node); }, LEAVE_MS);
    }, NOTE_MS);
  }

  /* The card or row that absorbed a duplicate lights up briefly. */
  function flash(c) {
    if (!c) return;
    c.node.classList.remove('is-absorbing');
    void c.node.offsetWidth;   // restart the animation
    c.node.classList.add('is-absorbing');
    clearTimeout(c.flashTimer);
    c.flashTimer = setTimeout(function () { c.node.classList.remove('is-absorbing'); }, 2600);
  }

  /* ------------------------------------------------------------------ timer */

  // {running, base (seconds left at `at`), at (performance.now() at receipt), phase}
  var clock = null;
  var expiredIn = null;          // the phase in which the countdown was seen at zero
  var tickTimer = null;

  function takeTimer(t, phase, sessionChanged) {
    if (sessionChanged) expiredIn = null;
    if (!t || typeof t !== 'object') {
      clock = null;
      updateTimer();
      return;
    }
    var now = performance.now();
    var remaining = Math.max(0, num(t.remaining));
    var running = t.running === true;
    if (clock && clock.running && running && !sessionChanged) {
      // Same countdown: keep the anchor unless the server's figure really differs (an extend),
      // so network jitter never makes the seconds step back.
      var estimate = clock.base - (now - clock.at) / 1000;
      if (Math.abs(estimate - remaining) < 1) { clock.phase = phase; updateTimer(); return; }
    }
    clock = { running: running, base: remaining, at: now, phase: phase };
    updateTimer();
  }

  function secondsLeft() {
    if (!clock) return 0;
    var left = clock.running ? clock.base - (performance.now() - clock.at) / 1000 : clock.base;
    return Math.max(0, Math.ceil(left - 1e-6));
  }

  function clockText(s) {
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var mm = (h && m < 10 ? '0' : '') + m;
    return (h ? h + ':' : '') + (mm.length < 2 ? '0' + mm : mm) + ':' + (sec < 10 ? '0' : '') + sec;
  }

  function updateTimer() {
    var s = secondsLeft();
    var phase = clock && clock.phase;
    if (clock && s === 0) {
      if (expiredIn === null) expiredIn = phase;
    } else {
      expiredIn = null;
    }
    // A timer that ran out stays up ("time is up") until the phase moves on; a stopped timer
    // is not shown on the final results.
    var show = !!clock && (clock.running || phase !== 'closed') && !(s === 0 && expiredIn !== phase);
    var over = show && s === 0;
    setHidden(el.timer, !show);
    if (body.classList.contains('has-timer') !== show) {
      body.classList.toggle('has-timer', show);
      if (pending) schedule();   // the phase line gets less room: refit it
    }
    if (show) {
      setText(el.timerTime, over ? S.time_up : clockText(s));
      el.timer.classList.toggle('is-over', over);
      el.timer.classList.toggle('is-warning', !over && s <= TIMER_WARN_S);
      el.timer.classList.toggle('is-paused', !over && !clock.running);
      el.timer.classList.toggle('is-long', !over && s >= 3600);
    }
    var ticking = show && clock.running && s > 0;
    if (ticking && tickTimer === null) {
      tickTimer = setInterval(updateTimer, 250);
    } else if (!ticking && tickTimer !== null) {
      clearInterval(tickTimer);
      tickTimer = null;
    }
  }

  /* ------------------------------------------------------------------ fitting */

  var statsFor = '';

  /* The stats line never ends in an ellipsis if it can help it: extras go first, then the
     main part gets its short form. Measured only when the text or the width changed. */
  function fitStats(parts, short, width) {
    var key = JSON.stringify([parts, short, width, el.viewLabel.hidden, el.viewLabel.textContent]);
    if (key === statsFor) return;
    statsFor = key;
    var tries = [];
    for (var i = parts.length; i >= 1; i--) tries.push(parts.slice(0, i).join(' · '));
    if (short) tries.push(short);
    for (var j = 0; j < tries.length; j++) {
      setText(el.statsText, tries[j]);
      if (j === tries.length - 1 || el.statsText.scrollWidth <= el.statsText.clientWidth) return;
    }
  }

  /* Shrinks one-line texts that do not fit (the phase line, the join code). */
  function fitText(box) {
    var sizeChanged = box.w !== fittedFor.w || box.h !== fittedFor.h;
    var timerOn = body.classList.contains('has-timer');
    if (sizeChanged || timerOn !== fittedFor.timer || el.bigline.textContent !== fittedFor.bigline) {
      shrinkToFit(el.bigline);
      fittedFor.bigline = el.bigline.textContent;
      fittedFor.timer = timerOn;
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
