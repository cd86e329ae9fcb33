/* The attendance line under the people panel: "Hadir: OPD 28/31 · Desa 12/20 · UMKM 4/12", from
 * board:update `attendance` (only when the workshop has an invitation list; a table's board:
 * the people invited to that table). A group with fewer than half of its people present is
 * marked, so the facilitator sees before the vote that a group is missing. */
import { byId, el, replaceChildren } from '../common/dom.js';
import { num } from '../common/format.js';

export function createAttendance() {
  const line = byId('attendance');
  const groups = byId('attendance-groups');
  let last = '';

  /** Draws board:update `attendance` ({invited, present, absent, groups}), or hides the line. */
  return function render(attendance) {
    const rows = attendance && Array.isArray(attendance.groups) ? attendance.groups : [];
    if (!line || !groups) return;
    line.hidden = rows.length === 0;
    const key = JSON.stringify(rows);
    if (key === last) return;
    last = key;
    const items = [];
    rows.forEach((g, i) => {
      if (i) items.push(el('span', { class: 'board-attendance-sep', 'aria-hidden': 'true', text: ' · ' }));
      const present = num(g.present), invited = num(g.invited);
      items.push(el('span', { class: 'board-attendance-item' + (2 * present < invited ? ' is-low' : '') }, [
        el('span', { class: 'board-attendance-group', text: g.label + ' ' }),
        el('span', { class: 'board-attendance-n', text: present + '/' + invited }),
      ]));
    });
    replaceChildren(groups, items);
  };
}
