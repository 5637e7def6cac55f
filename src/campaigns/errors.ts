// The campaign room's refusal (a Russian message and its details, shown as a 4xx) and the id/date checks
// done before any query, so a malformed value is «not found» or a message, never a database error.
export class CampaignError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export { isUuid } from '../lib/ids';
export const isoDate = (v: string | null | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
