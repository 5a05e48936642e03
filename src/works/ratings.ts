// The fixed lists of ratings and archive warnings, spelled exactly as they appear in JSON, URLs and facets.

export const RATINGS = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit', 'Not Rated'] as const;
export type Rating = (typeof RATINGS)[number];

/** Ratings that put a work behind the adult-content gate. */
export const ADULT_RATINGS: ReadonlySet<string> = new Set<Rating>(['Mature', 'Explicit', 'Not Rated']);

export const WARNINGS = [
  'Creator Chose Not To Use Archive Warnings',
  'No Archive Warnings Apply',
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'Rape/Non-Con',
] as const;
export type Warning = (typeof WARNINGS)[number];

export const TAG_KINDS = ['fandom', 'relationship', 'character', 'freeform'] as const;
export type TagKind = (typeof TAG_KINDS)[number];

/** The JSON field for each tag kind. */
export const TAG_FIELDS: Record<TagKind, 'fandoms' | 'relationships' | 'characters' | 'freeforms'> = {
  fandom: 'fandoms',
  relationship: 'relationships',
  character: 'characters',
  freeform: 'freeforms',
};

/** A short code for each rating, for compact badges on listings. */
export const RATING_SYMBOLS: Record<string, string> = {
  'General Audiences': 'G',
  'Teen And Up Audiences': 'T',
  Mature: 'M',
  Explicit: 'E',
  'Not Rated': 'NR',
};
