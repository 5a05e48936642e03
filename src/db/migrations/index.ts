import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-community.js';
import * as m0003 from './0003-tags.js';
import * as m0004 from './0004-search.js';
import * as m0005 from './0005-exclusions.js';
import * as m0006 from './0006-listings.js';
import * as m0007 from './0007-discovery.js';
import * as m0008 from './0008-wrangling.js';
import * as m0009 from './0009-portability.js';
import * as m0010 from './0010-account-security.js';
import * as m0011 from './0011-moderation.js';
import * as m0012 from './0012-work-filters.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-community': m0002,
  '0003-tags': m0003,
  '0004-search': m0004,
  '0005-exclusions': m0005,
  '0006-listings': m0006,
  '0007-discovery': m0007,
  '0008-wrangling': m0008,
  '0009-portability': m0009,
  '0010-account-security': m0010,
  '0011-moderation': m0011,
  '0012-work-filters': m0012,
};
