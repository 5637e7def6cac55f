/** A refusal with a Russian message for the person who asked, and the HTTP status it maps to. */
export class CouncilError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 413 = 400,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export { isIsoDate, isUuid } from '../lib/ids';
