/* The voting methods, one module each, all with the same named exports; this table is the only
 * place that knows their keys, as workshop/voting/methods.py's dispatch tables are on the server.
 * Pages never branch on a method's key: they look the module up here and call it.
 *
 * The interface every method module exports (doc comments on each export in ./dots.js, the
 * reference implementation; `session` comes from ./session.js sessionRules(snapshot, constants)):
 *
 *   ballot and the phone's control (phone side; pure unless noted):
 *     emptyBallot(session) -> local                     a ballot with nothing on it
 *     fromWire(ballot, session) -> local                wire form (snapshot, ack, storage) to local
 *     toWire(local, session) -> wire                    local to what `ballot:cast` takes
 *     prune(local, session) -> local                    only listed proposals / known criteria / rank size
 *     check(local, session) -> null | {code, params}    the server's normalizer, locally
 *     used(local) -> number                             dots, points or places used (0 for score)
 *     remaining(local, session, server?) -> number|null left to give; server = {ballot, remaining}
 *     marked(local, pid) -> boolean                     does the proposal carry something of mine
 *     step(local, action, session, left) -> null | {local, note?, focus?, value?}   apply a tap
 *     labels(session, t) -> {instruction, filterMine, castFailed}
 *     summary(local, session, left, t) -> {text, hint, empty, dots, meter}          the pinned counter
 *     renderPinned(local, session, ui) -> null | {rows, empty}     (DOM) pinned under the counter
 *     renderSheet(session, ui) -> null | {node, update(local, left)}  (DOM) one control for the whole
 *                                                       ballot above the cards (words: the inputs; the
 *                                                       page sends {values: [each data-sheet-input's text]})
 *     renderControl(proposal, session, ui) -> {node, update(local, left) -> marked}  (DOM) card control
 *     phoneResult(row, session, ui) -> {figure, extra}  a result row's text on the phone
 *
 *   result rows (board and console side): see the second section of ./dots.js.
 */
import * as dots from './dots.js';
import * as points from './points.js';
import * as score from './score.js';
import * as rank from './rank.js';
import * as poll from './poll.js';
import * as words from './words.js';

export const METHODS = Object.freeze({ dots, points, score, rank, poll, words });

/** The module of a method key; dots for an unknown key (as the server's default). */
export function methodFor(key) {
  return Object.prototype.hasOwnProperty.call(METHODS, key) ? METHODS[key] : METHODS.dots;
}
