import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { slipPdfQuery, slipQuery } from '#shared/schemas/slips.ts';
import { requireCustomerOrOrderLink } from '../auth/middleware.ts';
import type { Db } from '../db/client.ts';
import { returns } from '../db/schema.ts';
import type { AppEnv } from '../deps.ts';
import { notFound } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import { findCustomerReturnId } from '../returns/views.ts';
import { slipFileName, slipPdf, type Paper } from './pdf.ts';
import { slipOf } from './views.ts';
import { LOCALES, type Locale } from '#shared/words/index.ts';
import { slipText } from '#shared/slip.ts';

/** The PDF answer: a download, kept by no shared cache (nor stored by the browser: the slip can stop being valid). */
async function pdfAnswer(c: Context<AppEnv>, returnId: number, q: { locale?: Locale; paper?: Paper }) {
  const { db, now } = c.var.deps;
  const { slip, customerLocale } = await slipOf(db, returnId);
  const locale = q.locale ?? customerLocale;
  const bytes = await slipPdf(slip, locale, q.paper ?? 'a4', now());
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${slipFileName(slip.returnNumber, locale)}"`,
    'content-length': String(bytes.byteLength),
    'cache-control': 'private, no-store'
  });
}

const shopperReturnId = (c: Context<AppEnv>, number: string) =>
  findCustomerReturnId(c.var.deps.db, c.var.customer.id, number, c.var.orderScope?.orderId);

/**
 * The shopper's return slip (docs/decisions.md "Return slip"): its content for the print page and the
 * PDF, for the return's shopper or its order session only (any other return is 404), once approved
 * (409 `slip_not_ready` before). Mounted beside the return routes, under /api/returns.
 */
export const shopperSlipRoutes = new Hono<AppEnv>()
  .get('/:number/slip', requireCustomerOrOrderLink, queryParams(slipQuery), async (c) => {
    const { slip, customerLocale } = await slipOf(c.var.deps.db, await shopperReturnId(c, c.req.param('number')));
    // Its sentences in every language, so the print page follows a switch of language without the
    // slip's words in the SPA's bundle (they would share the state words' chunk, on the first load).
    const text = Object.fromEntries(LOCALES.map((l) => [l, slipText(slip, l)])) as Record<Locale, ReturnType<typeof slipText>>;
    return c.json({ slip, locale: c.req.valid('query').locale ?? customerLocale, text });
  })
  .get('/:number/slip.pdf', requireCustomerOrOrderLink, queryParams(slipPdfQuery), async (c) =>
    pdfAnswer(c, await shopperReturnId(c, c.req.param('number')), c.req.valid('query'))
  );

async function returnIdByNumber(db: Db, number: string): Promise<number> {
  const [row] = await db.select({ id: returns.id }).from(returns).where(eq(returns.number, number)).limit(1);
  if (!row) throw notFound('No such return.');
  return row.id;
}

/** The same PDF for staff (reprinting one for a customer at the counter); mounted under /api/staff/returns, after requireStaff. */
export const staffSlipRoutes = new Hono<AppEnv>().get('/:number/slip.pdf', queryParams(slipPdfQuery), async (c) =>
  pdfAnswer(c, await returnIdByNumber(c.var.deps.db, c.req.param('number')), c.req.valid('query'))
);
