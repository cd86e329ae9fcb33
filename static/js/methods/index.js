/* The voting methods, one module each, all with the same named exports; this table is the only
 * place that knows their keys, as workshop/voting/methods.py's dispatch tables are on the server.
 * Pages never branch on a method's key: they look the module up here and call it.
 *
 * The interface every method module exports:
 *   ballot and the phone's control (phone side) and result rows (board and console side):
 *   see the doc comment on each export in ./dots.js, which is the reference implementation.
 */
import * as dots from './dots.js';
import * as points from './points.js';
import * as score from './score.js';
import * as rank from './rank.js';

export const METHODS = Object.freeze({ dots, points, score, rank });

/** The module of a method key; dots for an unknown key (as the server's default). */
export function methodFor(key) {
  return Object.prototype.hasOwnProperty.call(METHODS, key) ? METHODS[key] : METHODS.dots;
}
