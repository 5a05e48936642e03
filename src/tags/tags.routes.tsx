import { Hono, type Context } from 'hono';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { Forbidden, NotFound, type FieldErrors } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm, type FormInput } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { hasFilterParams } from '../listings/filters.js';
import { filterQueryString, loadFilteredListing } from '../listings/listings.js';
import { splitTagField } from '../works/tag-names.js';
import { loadWorkDetails } from '../works/work-details.js';
import { findTagById } from './tags.queries.js';
import { tagPath } from './tags.presenters.js';
import { canWrangle, loadTagView, requireTag, wrangleTag, type WrangleInput } from './tags.js';
import { TagPage } from './tags.views.js';
import { ListingPage } from '../listings/listing-page.js';
import { listingExtras } from '../listings/listing-extras.js';
import { loadTagSubscribeAction } from '../subscriptions/subscriptions.reading.js';

/** Tag pages: the tag with its wrangling, the works under it, and the wrangling forms' target. */
export const tagRoutes = new Hono<AppEnv>();

export const TAG_WORKS_PER_PAGE = 20;

async function renderTagPage(c: Context<AppEnv>, name: string, form?: { values: FormInput; errors: FieldErrors }, status: 200 | 422 = 200) {
  const { db } = c.get('services');
  const user = c.get('user');
  const view = await loadTagView(db, name, await viewerMutes(db, user), await viewerExcludedTags(db, user));
  return c.html(<TagPage ctx={pageContext(c)} view={view} canWrangle={canWrangle(user)} subscribe={await loadTagSubscribeAction(c, view.tag)} {...(form ? { form } : {})} />, status);
}

tagRoutes.get('/tags/:name', (c) => renderTagPage(c, c.req.param('name')));

tagRoutes.get('/tags/:name/works', async (c) => {
  const { db } = c.get('services');
  const tag = await requireTag(db, c.req.param('name'));
  // A synonym's works are listed under its canonical tag.
  if (tag.synonym_of_id !== null) {
    const target = await findTagById(db, tag.synonym_of_id);
    if (target) {
      const search = new URL(c.req.url).search;
      return c.redirect(`${tagPath(target.name)}/works${search}`, 302);
    }
  }
  const page = pageParam(c.req.query('page'));
  const muted = await viewerMutes(db, c.get('user'));
  const excludedTags = await viewerExcludedTags(db, c.get('user'));
  const read = (name: string) => c.req.queries(name) ?? [];
  const filtered = hasFilterParams(read);
  const offset = (page - 1) * TAG_WORKS_PER_PAGE;
  // The filtered listing limited to the tag's works (through synonyms and sub tags), always with its facets.
  const listing = await loadFilteredListing(db, read, { limit: TAG_WORKS_PER_PAGE, offset, excludeAuthorIds: muted, excludeTagIds: excludedTags, within: tag, facets: true, warnings: c.get('settings').archive_warnings });
  const { works, total, errors } = listing;
  const invalid = Object.keys(errors).length > 0;
  if (page > 1 && works.length === 0 && !invalid) throw NotFound('page');
  const path = `${tagPath(tag.name)}/works`;
  const query = filterQueryString(read);
  return c.html(
    <ListingPage
      ctx={pageContext(c)}
      title={`Works in ${tag.name}`}
      heading={<>Works in <a href={tagPath(tag.name)}>{tag.name}</a></>}
      path={path}
      details={await loadWorkDetails(db, works)}
      page={page}
      perPage={TAG_WORKS_PER_PAGE}
      total={total}
      filters={{ read, errors, query, filtered, facets: listing.facets, sort: listing.filter }}
      {...listingExtras(c, query)}
    />,
    invalid ? 422 : 200,
  );
});

/** The domain input for one wrangling form. */
function wrangleInputFromForm(form: FormInput): WrangleInput {
  switch (form.action) {
    case 'canonical':
      return { canonical: form.canonical === 'true' };
    case 'rename':
      return { name: form.name ?? '' };
    case 'synonym':
      return { synonym_of: (form.synonym_of ?? '').trim() === '' ? null : (form.synonym_of ?? '') };
    case 'add_parents':
      return { add_parents: splitTagField(form.add_parents) };
    case 'remove_parent':
      return { remove_parents: [form.parent ?? ''] };
    default:
      return {};
  }
}

tagRoutes.post('/tags/:name/wrangle', async (c) => {
  const user = requireUser(c);
  if (!canWrangle(user)) throw Forbidden('Only tag wranglers can change tags.');
  const name = c.req.param('name');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const tag = await wrangleTag(c.get('services').db, user, name, wrangleInputFromForm(form));
      return redirectWithFlash(c, tagPath(tag.name), 'The tag was updated.');
    },
    (errors) => renderTagPage(c, name, { values: form, errors }, 422),
  );
});
