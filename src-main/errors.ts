/**
 * An error whose message is written for the family, not for a developer: the bridge passes its
 * code and message to the window as they are, while any other error is logged and reported as
 * "something went wrong" so internals never leak into the UI.
 */
export class UserFacingError extends Error {
  constructor(
    readonly code: UserFacingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type UserFacingErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'parent-only'
  | 'wrong-pin'
  | 'invalid-picture'
  | 'conflict'
  | 'unavailable'
  | 'store-corrupt'
  | 'store-too-new'
  | 'store-migration-failed'
  | 'app-installed-incorrectly';

export class NotFoundError extends UserFacingError {
  constructor(what: string) {
    super('not-found', `${what} was not found. It may have been deleted.`);
  }
}

export class InvalidInputError extends UserFacingError {
  constructor(message: string) {
    super('invalid-input', message);
  }
}
