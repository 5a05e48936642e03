import { formatNumber } from '../ui/format.js';
import type { KudosSummary } from './kudos.js';

/** The Kudos button beside a work: a plain POST form, so it works without JavaScript. */
export function KudosButton({ workId, csrfToken, given }: { readonly workId: number; readonly csrfToken: string; readonly given: boolean }) {
  return (
    <form method="post" action={`/works/${workId}/kudos`} class="inline-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class="button" disabled={given} aria-disabled={given ? 'true' : undefined}>
        {given ? 'Kudos left ♥' : 'Kudos ♥'}
      </button>
    </form>
  );
}

/** "alice, bob and 12 guests left kudos on this work." */
export function KudosList({ summary }: { readonly summary: KudosSummary }) {
  if (summary.total === 0) return null;
  const parts: (string | { name: string })[] = summary.names.map((name) => ({ name }));
  if (summary.more > 0) parts.push(`${formatNumber(summary.more)} more ${summary.more === 1 ? 'account' : 'accounts'}`);
  if (summary.guests > 0) parts.push(`${formatNumber(summary.guests)} ${summary.guests === 1 ? 'guest' : 'guests'}`);
  return (
    <section class="kudos-list" aria-labelledby="kudos-heading">
      <h2 id="kudos-heading">Kudos</h2>
      <p>
        {parts.map((part, i) => (
          <>
            {i > 0 ? (i === parts.length - 1 ? ' and ' : ', ') : ''}
            {typeof part === 'string' ? part : <a href={`/users/${encodeURIComponent(part.name)}`}>{part.name}</a>}
          </>
        ))}{' '}
        left kudos on this work.
      </p>
    </section>
  );
}
