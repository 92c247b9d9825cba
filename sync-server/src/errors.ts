/** An answer the API gives on purpose: a status and words a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const unauthorized = () => new ApiError(401, 'unauthorized', 'Sign in first.');
export const forbidden = (message = 'Only a parent of this family may do that.') => new ApiError(403, 'forbidden', message);
/** Also what a stranger gets for a family they are not in: its existence is not theirs to learn. */
export const notFound = (what: string) => new ApiError(404, 'not-found', `${what} was not found.`);
export const badRequest = (message: string) => new ApiError(400, 'invalid-input', message);
