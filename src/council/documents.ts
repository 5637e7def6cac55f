// Limits of the council's documents that a page needs too (the upload form states them): client-safe.

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
