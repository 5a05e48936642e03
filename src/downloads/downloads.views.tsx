// The download controls on work and series pages: plain links, so they work without JavaScript and in any browser.

/** "Download: EPUB · HTML" beside a work's actions. */
export function WorkDownloadLinks({ workId }: { readonly workId: number }) {
  return (
    <span class="download-links" role="group" aria-label="Download this work">
      <span class="download-label">Download:</span>
      <a class="button" href={`/works/${workId}/download.epub`}>EPUB</a>
      <a class="button" href={`/works/${workId}/download.html`}>HTML</a>
    </span>
  );
}

/** "Download EPUB" on a series page: every posted part in order, in one book. */
export function SeriesDownloadLink({ seriesId }: { readonly seriesId: number }) {
  return (
    <p class="download-links">
      <a class="button" href={`/series/${seriesId}/download.epub`}>Download EPUB</a>
    </p>
  );
}
