/** A refusal with a Russian message for people and the HTTP status a page or API answers with. */
export class PlansError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 = 400,
  ) {
    super(message);
  }
}
