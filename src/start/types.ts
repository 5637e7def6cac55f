// The start page is composed of sections that rooms contribute (issue 11 item 8): each room says, for the
// signed-in person, what they have to do now. The page renders these plain shapes; it knows no room.
import type { Tx } from '../db/index.server';
import type { SessionUser } from '../auth/policy';

export type StartTone = 'overdue' | 'warn' | 'ok' | 'info';

export type StartItem = {
  text: string;
  href?: string;
  /** A second line: a date, a count, what to do next. */
  detail?: string;
  tone?: StartTone;
};

export type StartTable = {
  caption: string;
  head: string[];
  /** The first cell is the row's heading; `href` links it. Columns after the first right-aligned when numeric. */
  rows: { cells: string[]; href?: string; tone?: StartTone }[];
  numeric?: number[];
};

export type StartBlock = {
  /** Stable id: the section's anchor on the page (#start-<id>). */
  id: string;
  title: string;
  lead?: string;
  items?: StartItem[];
  /** A heading over the items when the block has a table too. */
  itemsTitle?: string;
  table?: StartTable;
  /** Shown when there are neither items nor table rows. */
  empty?: string;
  /** «Все …» link under the block. */
  more?: { href: string; text: string };
};

export type StartContext = { db: Tx; user: SessionUser; today: string };

/**
 * One room's contribution. `load` checks its own permissions with the policy module and returns the
 * blocks to show (none when the person has nothing there). `order`: lower first.
 */
export type StartSection = { id: string; order: number; load: (ctx: StartContext) => Promise<StartBlock[]> };
