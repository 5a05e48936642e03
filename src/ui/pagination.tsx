/** Previous/next page links for a numbered listing; renders nothing on a single page. */
export function Pagination({ page, total, perPage, basePath }: { readonly page: number; readonly total: number; readonly perPage: number; readonly basePath: string }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  const link = (n: number) => `${basePath}${basePath.includes('?') ? '&' : '?'}page=${n}`;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? <a href={link(page - 1)} rel="prev">← Newer</a> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={link(page + 1)} rel="next">Older →</a> : <span />}
    </nav>
  );
}
