// A document that cannot be built from what is recorded: a Russian message and the HTTP status (4xx).
export class KindError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}
