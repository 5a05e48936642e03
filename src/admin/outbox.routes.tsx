import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { Forbidden } from '../http/errors.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { countOutbox, listOutbox } from '../mail/mail.queries.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';

/** /admin/outbox: every email the archive wrote, newest first, for admins (the only mail reader without SMTP_URL). */
export const adminOutboxRoutes = new Hono<AppEnv>();

const PER_PAGE = 20;

adminOutboxRoutes.get('/admin/outbox', async (c) => {
  const user = requireUser(c);
  if (user.is_admin !== 1) throw Forbidden('Only administrators can read the outbox.');
  const { db } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const [messages, total] = await Promise.all([listOutbox(db, PER_PAGE, (page - 1) * PER_PAGE), countOutbox(db)]);
  return c.html(
    <Layout ctx={pageContext(c)} title="Outbox">
      <h1>Outbox</h1>
      <p>{total} messages. {c.get('services').config.smtpUrl ? 'SMTP is configured: messages are delivered and marked sent.' : 'SMTP_URL is not set: messages stay here.'}</p>
      {messages.map((m) => (
        <article class="outbox-message">
          <h2>{m.subject}</h2>
          <p>
            To {m.to_address} · {m.created_at} · {m.sent_at ? `sent ${m.sent_at}` : 'not sent'}{m.error ? ` · last error: ${m.error}` : ''}
          </p>
          <pre class="outbox-body">{m.text_body}</pre>
        </article>
      ))}
      <Pagination page={page} total={total} perPage={PER_PAGE} basePath="/admin/outbox" />
    </Layout>,
  );
});
