import { expect, test } from '@playwright/test';
import { signInStaff, useLanguage, SAME_ORIGIN, json, pushDeliveredOrder } from './helpers.ts';

// A refusal of the server reaches staff in the staff screen's language: every error code has staff
// words in English and French (src/lib/failure.ts, checked by the compiler against shared/error-codes.ts).

test('crediting more units than arrived is refused in French on a French staff screen', async ({ page, playwright, baseURL }) => {
  const number = `WORDS-${Date.now().toString(36)}`;
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email: `${number.toLowerCase()}@example.com`, firstName: 'Léa' },
    lines: [{ sku: `${number}-TEE`, name: 'Striped tee', unitPriceCents: 1500, quantity: 2 }]
  });

  // 2 tees asked back, 1 arrived.
  await useLanguage(page, 'en');
  await signInStaff(page);
  const { order, options } = await json<{
    order: { lines: { id: number }[] };
    options: { reasons: { id: number; code: string }[]; actions: { id: number; code: string }[] };
  }>(page, 'get', `/api/staff/orders/${number}`);
  const created = await json<{ return: { number: string; version: number; lines: { id: number }[] } }>(page, 'post', '/api/staff/returns', {
    orderNumber: number,
    lines: [
      {
        orderLineId: order.lines[0]!.id,
        quantity: 2,
        // A pushed line without a variant title is a one-size product: no "Wrong size" on it.
        reasonId: options.reasons.find((r) => r.code === 'wrong_item')!.id,
        actionId: options.actions.find((a) => a.code === 'refund')!.id
      }
    ],
    state: 'approved'
  });
  const ret = created.return;
  const lineId = ret.lines[0]!.id;
  await json(page, 'patch', `/api/staff/returns/${ret.number}`, {
    version: ret.version,
    state: 'received',
    receipt: { [lineId]: { units: 1 } }
  });

  await json(page, 'patch', '/api/staff/auth/me', { locale: 'fr' });
  try {
    await page.goto(`/staff/returns/${ret.number}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.locator('#next-state').selectOption('credited');
    await page.locator(`#credit-units-${lineId}`).fill('2');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'Plus d’unités remboursées que d’unités reçues sur une ligne : cochez «\u202fLe client garde l’article\u202f»'
    );
    await expect(page.getByRole('alert')).not.toContainText('More units credited');
  } finally {
    await page.request.patch('/api/staff/auth/me', { data: { locale: 'en' }, headers: SAME_ORIGIN });
  }
});
