/**
 * A reason an app cannot start that an operator fixes (a variable, a key, a file): its message is
 * complete on its own, so it is printed as it is, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
