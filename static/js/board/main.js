/* Rembuk projector board (templates/board.html): wires the board's modules.
 *
 * Listens to Socket.IO board:update payloads for one workshop, or one of its tables (watch.js:
 * board:watch {table_id} follows that table's current session), and draws them
 * (render.js): at most one render per animation frame and RENDER_MIN_MS apart (schedule.js); one
 * DOM node per proposal, moved with CSS transforms (cards.js, ranking.js); order changes at most
 * once per REORDER_MIN_MS (keyed.js). What the board keeps itself is in state.js. User text only
 * ever goes in through textContent. */
import { readJSON } from '../common/dom.js';
import { numbers } from '../common/format.js';
import { constants, dimClass, pageData, pageLocale } from '../common/page.js';
import { catalogue } from '../common/strings.js';
import { createControls } from './controls.js';
import { createRenderer } from './render.js';
import { createScheduler } from './schedule.js';
import { createIntake, createPrefs } from './state.js';
import { createTimer } from './timer.js';
import { watch } from './watch.js';

/** What the server told the page once: its data, constants, strings and number formats. */
function readPage() {
  const data = pageData();
  const known = constants(data);
  const locale = pageLocale(data);
  const groups = data.groups || [];
  const dimensions = known.dimensions || data.dimensions || [];
  return {
    workshop: data.workshop || {},
    table: data.table || null,        // a table's board (/board/<id>?table=<table id>), else null
    constants: known,
    locale,
    numbers: numbers(locale),
    t: catalogue(readJSON('board-strings', {})),
    groups: groups.map((g) => g.key),
    groupLabels: new Map(groups.map((g) => [g.key, g.label])),
    dimLabels: new Map(dimensions.map((d) => [d.key, d.label])),
    dimClass: (key) => dimClass(key, dimensions, 'dim-unknown'),
  };
}

const page = readPage();
const prefs = createPrefs();
const intake = createIntake(page.workshop.id, page.table ? page.table.id : null);
let renderer = null;
const schedule = createScheduler(() => { if (intake.pending) renderer.render(intake.pending); });
const timer = createTimer(page.t, () => { if (intake.pending) schedule(); });
const controls = createControls(prefs, () => {
  renderer.forceLayout();
  if (intake.pending) schedule();
});
renderer = createRenderer({ page, prefs, schedule, controls, timer });

window.addEventListener('resize', () => {
  renderer.forceLayout();
  if (intake.pending) schedule(); else renderer.fitNow();
});
renderer.fitNow();

watch(page.table ? { table_id: page.table.id } : { workshop_id: page.workshop.id }, intake, (payload, { sessionChanged }) => {
  // The countdown is anchored now, when the payload arrived, not when it gets drawn.
  timer.take(payload.timer, payload.phase, sessionChanged);
  schedule();
}, page.t);
