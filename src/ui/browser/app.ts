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

/** Form field names whose tags are of one kind; `tags` and `exclude_tags` (listing filters) take any kind. */
const TAG_FIELD_KINDS: Readonly<Record<string, string>> = {
  fandoms: 'fandom',
  relationships: 'relationship',
  characters: 'character',
  freeforms: 'freeform',
  tags: '',
  exclude_tags: '',
};

interface TagSuggestion {
  readonly name: string;
  readonly kind: string;
  readonly matched: string;
}

let comboboxCount = 0;

/**
 * A comma-separated tag field as a WAI-ARIA 1.2 combobox (list autocomplete): typing fetches canonical tags that
 * start with the LAST entry; arrow keys move through them, Enter picks one, Escape closes the list, and a live
 * region says how many there are. Without this script the field stays a plain text input.
 */
function enhanceTagField(input: HTMLInputElement, kind: string): void {
  comboboxCount += 1;
  const listId = `tag-suggestions-${comboboxCount}`;
  const wrapper = document.createElement('div');
  wrapper.className = 'combobox';
  input.before(wrapper);
  wrapper.append(input);
  const list = document.createElement('ul');
  list.id = listId;
  list.className = 'combobox-list';
  list.setAttribute('role', 'listbox');
  // Not named after the field: the input is the field's one labelled control (getByLabel, label-in-name).
  list.setAttribute('aria-label', 'Tag suggestions');
  list.hidden = true;
  const status = document.createElement('div');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  wrapper.append(list, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.autocomplete = 'off';

  let suggestions: TagSuggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let sequence = 0;

  const lastEntry = (): string => input.value.slice(input.value.lastIndexOf(',') + 1).trim();

  const setActive = (index: number): void => {
    active = index;
    list.querySelectorAll<HTMLElement>('[role=option]').forEach((option, i) => option.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    const current = index >= 0 ? document.getElementById(`${listId}-${index}`) : null;
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const close = (): void => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };

  const open = (): void => {
    if (suggestions.length === 0) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  const pick = (index: number): void => {
    const chosen = suggestions[index];
    if (!chosen) return;
    const cut = input.value.lastIndexOf(',');
    const before = cut >= 0 ? `${input.value.slice(0, cut + 1).trimEnd()} ` : '';
    input.value = `${before}${chosen.name}, `;
    suggestions = [];
    list.replaceChildren();
    close();
    status.textContent = `${chosen.name} added.`;
    input.focus();
  };

  const render = (): void => {
    list.replaceChildren(
      ...suggestions.map((s, i) => {
        const option = document.createElement('li');
        option.id = `${listId}-${i}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.textContent = s.name;
        const notes = [kind === '' ? s.kind : '', s.matched !== s.name ? `for ${s.matched}` : ''].filter(Boolean);
        if (notes.length > 0) {
          const note = document.createElement('span');
          note.className = 'combobox-note';
          note.textContent = ` (${notes.join(', ')})`;
          option.append(note);
        }
        // mousedown would move focus away from the input before the click lands.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => pick(i));
        return option;
      }),
    );
    setActive(-1);
    if (suggestions.length > 0) open();
    else close();
    status.textContent = suggestions.length === 0 ? 'No suggestions.' : suggestions.length === 1 ? '1 suggestion. Use the arrow keys to choose it.' : `${suggestions.length} suggestions. Use the arrow keys to choose one.`;
  };

  const fetchSuggestions = async (): Promise<void> => {
    const typed = lastEntry();
    const mine = ++sequence;
    if (typed === '') {
      suggestions = [];
      list.replaceChildren();
      close();
      status.textContent = '';
      return;
    }
    const params = new URLSearchParams({ q: typed });
    if (kind !== '') params.set('kind', kind);
    try {
      const response = await fetch(`/api/v1/tags?${params.toString()}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok || mine !== sequence) return;
      const body = (await response.json()) as { items?: TagSuggestion[] };
      if (mine !== sequence) return;
      suggestions = body.items ?? [];
      render();
    } catch {
      // Offline or refused: the field is still a plain text input.
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void fetchSuggestions(), 200);
  });
  input.addEventListener('keydown', (event) => {
    const expanded = !list.hidden;
    if (event.key === 'ArrowDown') {
      if (suggestions.length === 0) return;
      event.preventDefault();
      open();
      setActive(expanded ? (active + 1) % suggestions.length : 0);
    } else if (event.key === 'ArrowUp') {
      if (suggestions.length === 0) return;
      event.preventDefault();
      open();
      setActive(expanded && active > 0 ? active - 1 : suggestions.length - 1);
    } else if (event.key === 'Enter') {
      if (expanded && active >= 0) {
        event.preventDefault();
        pick(active);
      }
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener('blur', close);
}

/** Tag fields become comboboxes: by name inside a form[data-tag-autocomplete], or any input[data-tag-kind]. */
function enhanceTagFields(): void {
  document.querySelectorAll<HTMLInputElement>('form[data-tag-autocomplete] input[type=text], input[data-tag-kind]').forEach((input) => {
    const kind = input.dataset.tagKind ?? TAG_FIELD_KINDS[input.name];
    if (kind === undefined) return;
    enhanceTagField(input, kind === 'any' ? '' : kind);
  });
}

// The script is loaded with `defer`, so the document has been parsed by the time this runs.
enhanceConfirm();
localiseTimes();
enhanceFormatSelect();
enhanceTagFields();
