import type { Tag } from '../db/schema.js';
import type { TagView } from './tags.js';

/** A tag reference in JSON: name and kind. */
function tagRef(tag: Tag) {
  return { name: tag.name, kind: tag.kind };
}

/** The JSON form of a tag and its wrangling. */
export function presentTag(view: TagView) {
  return {
    name: view.tag.name,
    kind: view.tag.kind,
    canonical: view.tag.canonical === 1,
    synonym_of: view.synonymOf?.name ?? null,
    synonyms: view.synonyms.map((t) => t.name),
    parents: view.parents.map(tagRef),
    children: view.children.map(tagRef),
    work_count: view.workCount,
  };
}

/** The path of a tag's page. */
export function tagPath(name: string): string {
  return `/tags/${encodeURIComponent(name)}`;
}
