// Progressive enhancement only: every page works without this script. Behaviour is attached through
// data-* attributes (the CSP forbids inline handlers), and each feature is independent and optional.

/** data-confirm="message" on a form or a submit button: ask before submitting. */
function enhanceConfirm(): void {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = event.submitter;
    const message = submitter?.getAttribute('data-confirm') ?? form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
}

/** <time datetime data-local>: show the time in the reader's own time zone. */
function localiseTimes(): void {
  document.querySelectorAll<HTMLTimeElement>('time[datetime][data-local]').forEach((el) => {
    const at = new Date(el.dateTime);
    if (Number.isNaN(at.getTime())) return;
    const withTime = el.dataset.local === 'datetime';
    const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
    el.textContent = new Intl.DateTimeFormat(undefined, options).format(at);
    el.title = at.toISOString();
  });
}

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  html: 'Written as HTML or plain text (leave an empty line between paragraphs).',
  markdown: 'Written as Markdown: *italics*, **bold**, > quotes, and tables.',
};

/** select[name=body_format]: say beside the body field which format it is read as. */
function enhanceFormatSelect(): void {
  // NodeList.forEach rather than for...of: the project's tsconfig has no DOM.Iterable lib.
  document.querySelectorAll<HTMLSelectElement>('select[name=body_format]').forEach((select) => {
    const hint = select.form?.querySelector<HTMLElement>('#hint-body');
    if (!hint) return;
    const note = document.createElement('span');
    note.className = 'format-note';
    hint.append(' ', note);
    const update = (): void => {
      note.textContent = FORMAT_HINTS[select.value] ?? '';
    };
    select.addEventListener('change', update);
    update();
  });
}

// The script is loaded with `defer`, so the document has been parsed by the time this runs.
enhanceConfirm();
localiseTimes();
enhanceFormatSelect();
