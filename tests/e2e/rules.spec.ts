import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openPortalLink,
  pickFirstReturnLine,
  pushOwnOrder,
  SAME_ORIGIN,
  sendReturnRequest,
  signInStaff,
  useLanguage
} from './helpers.ts';

// Issue 19's "Done when", in a real browser: an admin writes four rules on the Rules screen (the first
// also on the country the order was shipped to), runs the dry run over the last 90 days, saves them; a
// shopper's request is approved at once; staff see which rule decided. The rules apply to the whole demo
// shop: the spec switches them off again at its end.

type Rules = { rules: { version: number; ruleSet: { rules: unknown[]; blockList: string[] } } };

/** Saves the shop's rules switched off (as a new version), so the specs after this one see no rule at work. */
async function switchRulesOff(page: Page) {
  const current = (await (await page.request.get('/api/staff/rules', { headers: SAME_ORIGIN })).json()) as Rules;
  if (!current.rules.ruleSet.rules.length) return;
  const off = await page.request.put('/api/staff/rules', {
    headers: SAME_ORIGIN,
    data: { version: current.rules.version, ruleSet: { ...current.rules.ruleSet, enabled: false } }
  });
  expect(off.status(), await off.text()).toBe(200);
}

/** Adds a rule on the Rules screen and fills what `fill` says in it. */
async function addRule(page: Page, name: string, fill: (rule: ReturnType<Page['getByTestId']>) => Promise<void>) {
  await page.getByTestId('add-rule').click();
  const rule = page.getByTestId('rule').last();
  await rule.getByTestId('rule-name').fill(name);
  await fill(rule);
}

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

test('an admin writes four rules, tries them on past returns, saves them; a request is approved at once by one @phone', async ({
  page,
  playwright,
  baseURL
}) => {
  const number = await pushOwnOrder(
    playwright,
    baseURL,
    'RULES',
    { firstName: 'Rosa', lastName: 'Règle' },
    (n) => [{ sku: `${n}-TEE`, name: 'Linen shirt', variant: 'M', unitPriceCents: 5000, quantity: 1 }],
    { shippingCountry: 'FR' }
  );

  await signInStaff(page);
  try {
    await page.goto('/staff/rules');
    await expect(page.getByRole('heading', { name: 'Rules', level: 1 })).toBeVisible();
    // The desktop lane's run leaves its (switched-off) rules for the phone lane's: four more are added.
    const before = await page.getByTestId('rule').count();
    await addRule(page, 'Wrong size under €100', async (r) => {
      await r.getByLabel('Wrong size').check();
      await r.getByTestId('rule-price-under').fill('100');
      // Typed in lower case: the screen sends the country codes in capitals; the order was pushed shipped to FR.
      await r.getByTestId('rule-countries').fill('fr, be');
      await r.getByTestId('rule-decision').selectOption('approve');
    });
    await addRule(page, 'Keep under €10', async (r) => {
      await r.getByTestId('rule-price-under').fill('10');
      await r.getByTestId('rule-decision').selectOption('keep');
    });
    await addRule(page, 'Shoes: 60 days', async (r) => {
      await r.getByTestId('rule-sku-prefixes').fill('SHOE-');
      await r.getByTestId('rule-window-days').fill('60');
    });
    await addRule(page, 'Many returns', async (r) => {
      await r.getByTestId('rule-customer-over').fill('5');
      await r.getByTestId('rule-decision').selectOption('review');
      await r.getByTestId('rule-review-reason').fill('More than 5 returns in 90 days');
    });
    await expect(page.getByTestId('rule')).toHaveCount(before + 4);

    // The dry run over the demo shop's past returns: every outcome counted, the returns and lines add up.
    await page.getByTestId('dry-run').click();
    await expect(page.getByTestId('dry-run-summary')).toContainText(/\d+ returns \(\d+ lines\) requested from/);
    await expect(page.getByTestId('dry-run-approve')).toBeVisible();
    await expectNoAxeViolations(page);

    // A run before this one (the desktop lane, then the phone one) left the rules switched off: on again.
    await page.getByLabel('Apply these rules to new requests').check();
    await page.getByTestId('save-rules').click();
    await expect(page.getByTestId('rules-status')).toHaveText(/^Saved: version \d+\.$/);
    const version = Number(/version (\d+)/.exec((await page.getByTestId('rules-status').textContent())!)![1]);

    // The shopper asks for a wrong-size return of the €50 shirt: approved at once, and told what happens next.
    await openPortalLink(page, number);
    await page.getByRole('link', { name: 'Return items' }).click();
    await pickFirstReturnLine(page, 'en', { quantity: '1', reason: 'Wrong size', action: 'Refund' });
    await sendReturnRequest(page, 'en');
    await expect(page.getByTestId('return-next')).toHaveText(/^Approved at once: send the items back/);
    const returnNumber = (await page.getByTestId('return-number').textContent())!.trim();

    // Staff see which rule, of which version, decided: on the return and in the queue.
    await signInStaff(page);
    await page.goto(`/staff/returns/${returnNumber}`);
    await expect(page.getByTestId('return-state')).toHaveText('Return approved');
    await expect(page.getByTestId('rule-badge')).toHaveText(`Approved by a rule: “Wrong size under €100” (version ${version})`);
    await expect(page.getByTestId('risk-signals')).toContainText('Returns in 90 days: 1');
    await page.goto(`/staff/returns?q=${encodeURIComponent(returnNumber)}`);
    await expect(page.getByTestId('queue-row').first().getByTestId('rule-badge')).toContainText('Wrong size under €100');
  } finally {
    await switchRulesOff(page);
  }
});
