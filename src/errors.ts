/**
 * Errors meant for the person at the terminal. The CLI prints `mailwire: <message>` and exits
 * with `exitCode`; anything else that escapes is an internal error (a bug) and is reported as one.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'UserError';
  }
}
