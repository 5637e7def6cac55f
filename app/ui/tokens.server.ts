// The kit's stylesheet as text, for the hot pages (app/hot): they are rendered by Hono without the React
// Router bundle and inline their CSS, so they read the same file app/styles.css imports. Read once at
// start-up; comments and line breaks are dropped to keep each page small.
import { readFileSync } from 'node:fs';

const source = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

export const TOKENS_CSS = source
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s*\n\s*/g, '')
  .replace(/\s*([{};,>])\s*/g, '$1');
