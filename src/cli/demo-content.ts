import type { DemoAuthor } from './demo-content-shared.js';
import { kestrel } from './demo-content-kestrel.js';
import { odile } from './demo-content-odile.js';
import { tomas } from './demo-content-tomas.js';
import { wren } from './demo-content-wren.js';

// The demo archive loaded by `chapterhouse demo`: four invented authors writing in four invented settings
// (see FANDOMS). Each author's works are in their own file; the order here is the order accounts are created.

export { DEMO_PASSWORD, FANDOMS } from './demo-content-shared.js';
export type { DemoAuthor, DemoChapter, DemoSeries, DemoSeriesLink, DemoWork } from './demo-content-shared.js';

export const DEMO_AUTHORS: readonly DemoAuthor[] = [wren, tomas, kestrel, odile];
