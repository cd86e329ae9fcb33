/* Criteria scores: each participant scores proposals 1-5 on weighted criteria.
 * Mirrors the 'score' entries of workshop/voting/methods.py. Every method module has the same named
 * exports (see ./index.js for the interface), so adding a method touches one file per side. */

// ------------------------------------------------------------------ ballot and the phone's control
// (the phone side: local ballot, its check, its wire form, the control on each proposal card)



// ------------------------------------------------------------------ result rows
// (the board and console side: the figure, its text and its detail line for one ranking row)
