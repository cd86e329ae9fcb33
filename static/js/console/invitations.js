/* The invitation list panel (#invitations-panel, plenary part of the console, lead and
 * whole-workshop co-facilitators): choosing a file checks it at once (POST
 * /workshops/{id}/invitations?dry_run=1) and shows every problem in words and the first rows;
 * when a required column is not recognised, a select per field among the file's `columns` builds
 * the `mapping`; "Import" sends the same file (all or nothing); then the list
 * (GET /workshops/{id}/invitations). The list is drawn by renderInvitations(), on its own, so
 * attendance tools can draw it too. User text goes in through textContent only. */
import { byId, el, replaceChildren, setText, show } from '../common/dom.js';
import { catalogue } from '../common/strings.js';
import { throttled } from './api.js';
import { busy, showMessage } from './ui.js';

const FIELDS = ['name', 'group', 'organization', 'job_title', 'table', 'phone'];
const ERRORS_SHOWN = 200;
const REFRESH_MIN_MS = 2000;

/**
 * Draw the invitation list into `tbody`: name, group (unsur), organization (instansi), table,
 * present (with the check-in time). `ctx` gives groupLabels, tables and the strings `t`.
 */
export function renderInvitations(tbody, invitations, ctx, t) {
  const tableName = new Map((ctx.tables || []).map((table) => [table.id, table.name]));
  const time = (iso) => new Date(iso).toLocaleTimeString(ctx.locale || undefined, { hour: '2-digit', minute: '2-digit' });
  replaceChildren(tbody, invitations.map((inv) => el('tr', { dataset: { invitationId: String(inv.id) } }, [
    el('td', { text: inv.name }),
    el('td', { text: ctx.groupLabels.get(inv.group) || inv.group }),
    el('td', { text: inv.organization }),
    el('td', { text: inv.table_id ? tableName.get(inv.table_id) || '#' + inv.table_id : '' }),
    el('td', { class: inv.present ? 'is-present' : 'muted',
               text: inv.present ? t('present', { time: time(inv.checked_in_at) }) : t('absent') }),
  ])));
}

/** The file (and the mapping chosen by hand, if any) to the server: checked only, or imported. */
function uploadList(api, path, file, mapping, dryRun) {
  const body = new FormData();
  body.append('file', file);
  if (mapping) body.append('mapping', JSON.stringify(mapping));
  return api('POST', path + (dryRun ? '?dry_run=1' : ''), body);
}

/** Every problem of the file in words (the first ERRORS_SHOWN, then how many more). */
function showProblems(t, report) {
  const errors = report.errors || [];
  const listed = errors.slice(0, ERRORS_SHOWN).map((e) => el('li', { text: e.message }));
  const more = (report.error_count || errors.length) - listed.length;
  if (more > 0) listed.push(el('li', { class: 'muted', text: t('more_problems', { n: more }) }));
  replaceChildren(byId('invitations-errors'), listed);
  show(byId('invitations-preview'), errors.length > 0);
}

/** The file's first rows as the server read them, with what the import would do to each. */
function showRows(ctx, t, report) {
  const rows = report.preview || [];
  const tableName = new Map((ctx.tables || []).map((table) => [table.id, table.name]));
  setText(byId('invitations-rows-title'), t('first_rows', { n: rows.length, total: report.rows || 0 }));
  replaceChildren(byId('invitations-preview-rows'), rows.map((row) => el('tr', {}, [
    el('td', { text: String(row.row) }), el('td', { text: row.name }),
    el('td', { text: row.group ? ctx.groupLabels.get(row.group) || row.group : '' }),
    el('td', { text: row.organization }),
    el('td', { text: row.table_id ? tableName.get(row.table_id) || '' : '' }),
    el('td', { text: t('action_' + row.action) }),
  ])));
  show(byId('invitations-rows-box'), rows.length > 0);
}

/** A select per field among the file's columns, set to what the server used (or `mapping`). */
function showMapping(t, report, mapping) {
  const missing = (report.errors || []).some((e) => e.code === 'missing_column');
  show(byId('invitations-mapping'), missing || !!mapping);
  if (!missing) return;
  const columns = report.columns || [];
  replaceChildren(byId('invitations-mapping-fields'), FIELDS.map((field) => {
    const current = (mapping && field in mapping) ? mapping[field] : (report.mapping || {})[field];
    const select = el('select', { name: field, id: 'invitations-map-' + field },
      [el('option', { value: '', text: t('not_in_file') })].concat(columns.map((column) =>
        el('option', { value: column, text: column, selected: column === current }))));
    return el('label', { for: 'invitations-map-' + field }, [t('field_' + field) + ' ', select]);
  }));
}

/** The mapping the selects show: {field: header or null}. */
function readMapping() {
  const mapping = {};
  for (const field of FIELDS) {
    const select = byId('invitations-map-' + field);
    if (select) mapping[field] = select.value || null;
  }
  return mapping;
}

/** Hide what a check showed (after an import, or when the check failed). */
function hideCheck() {
  show(byId('invitations-preview'), false);
  show(byId('invitations-rows-box'), false);
}

/** Draw the list (GET /workshops/{id}/invitations) with its count. */
async function loadList(ctx, t, path) {
  const answer = await ctx.api('GET', path);
  const invitations = answer.invitations || [];
  renderInvitations(byId('invitations-rows'), invitations, ctx, t);
  show(byId('invitations-empty'), invitations.length === 0);
  setText(byId('invitations-count'), invitations.length ? '(' + invitations.length + ')' : '');
}

export function createInvitations(ctx) {
  const t = catalogue('invitations-strings');
  const panel = byId('invitations-panel');
  const input = byId('invitations-file');
  const importButton = byId('invitations-import');
  const message = byId('invitations-message');
  const path = '/workshops/' + ctx.workshopId + '/invitations';
  let mapping = null;        // {field: header} chosen by hand, once the server asked for it
  let checked = false;       // the last check of this file (and mapping) found no problem
  const refresh = throttled(() => loadList(ctx, t, path), REFRESH_MIN_MS);
  const upload = (dryRun) => uploadList(ctx.api, path, input.files[0], mapping, dryRun);

  function report(answer) {
    const errors = answer.errors || [];
    checked = errors.length === 0;
    importButton.disabled = !checked;
    showProblems(t, answer);
    showRows(ctx, t, answer);
    showMapping(t, answer, mapping);
    if (checked) showMessage(message, t('ready', answer), 'ok');
    else showMessage(message, t('problems', { n: answer.error_count || errors.length }), 'error');
  }

  function check() {
    if (!input.files.length) return;
    checked = false;
    importButton.disabled = true;
    showMessage(message, t('checking'), null);
    upload(true).then(report, (error) => { hideCheck(); showMessage(message, error.message, 'error'); });
  }

  function imported(answer) {
    showMessage(message, t('imported', answer), 'ok');
    hideCheck();
    show(byId('invitations-mapping'), false);
    importButton.disabled = true;
    checked = false;
    input.value = '';   // choosing the same file again (corrected) checks it again
    refresh();
  }

  input.addEventListener('change', () => { mapping = null; show(byId('invitations-mapping'), false); check(); });
  byId('invitations-recheck').addEventListener('click', () => { mapping = readMapping(); check(); });
  byId('invitations-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checked || !input.files.length) return;
    showMessage(message, t('importing'), null);
    busy(importButton, upload(false)).then(imported, (error) => {
      if (error.body && error.body.errors) report(error.body);   // 409: refused, nothing imported
      showMessage(message, error.message, 'error');
    });
  });
  panel.addEventListener('toggle', () => { if (panel.open) refresh(); });
  refresh();
  // Live changes (a badge scanned, another facilitator's import) redraw the list while it is open.
  return { refresh: () => { if (panel.open) refresh(); } };
}
