import { expect, test, type Locator, type Page } from '@playwright/test';
import { openPortalLink, pushOwnOrder, signInShopper, signInStaff, staffReturnFor, useLanguage } from './helpers.ts';

// Screenshot-free layout checks on a 360 px phone: boxes and text lines, measured in the page.
test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** How many lines the visible text of `el` takes (distinct tops of its text's line boxes; form controls aside). */
async function textLines(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const tops = new Set<number>();
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const parent = text.parentElement!;
      if (!text.textContent?.trim() || parent.closest('select, .visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    return tops.size;
  });
}

/** The children of `row` that take space, with their boxes. */
async function boxesOf(row: Locator) {
  return row.evaluate((node) =>
    [...node.children]
      .map((c) => ({ name: (c.textContent ?? '').trim() || c.tagName, box: c.getBoundingClientRect() }))
      .filter((c) => c.box.width > 0 && c.box.height > 0)
      .map((c) => ({ name: c.name, top: c.box.top, bottom: c.box.bottom }))
  );
}

/** Every element of the row sits on one line: each box overlaps every other vertically, and no text wraps. */
async function expectOneLine(page: Page, row: Locator) {
  const boxes = await boxesOf(row);
  expect(boxes.length).toBeGreaterThan(1);
  const lowestTop = Math.max(...boxes.map((b) => b.top));
  const highestBottom = Math.min(...boxes.map((b) => b.bottom));
  expect(lowestTop, `on one line: ${JSON.stringify(boxes)}`).toBeLessThan(highestBottom);
  const count = await row.locator(':scope > *').count();
  for (let i = 0; i < count; i++) {
    const child = row.locator(':scope > *').nth(i);
    if ((await child.evaluate((n) => n.getBoundingClientRect().width)) === 0) continue;
    expect(await textLines(child), `“${await child.textContent()}” wraps`).toBeLessThanOrEqual(1);
  }
}

for (const locale of ['en', 'fr'] as const) {
  test(`[${locale}] at 360 px no element of the shopper header wraps, “Sign out” included`, async ({ page }) => {
    await useLanguage(page, locale);
    await signInShopper(page);
    // Nothing sticks out of the 360 px: the page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectOneLine(page, page.locator('header.top .top-inner'));
    await expectOneLine(page, page.locator('nav.subnav'));
    await expect(page.getByRole('button', { name: locale === 'fr' ? 'Se déconnecter' : 'Sign out' })).toBeVisible();
  });

  test(`[${locale}] a reused or broken sign-in link shows its error without saying it is signing in`, async ({ page }) => {
    await useLanguage(page, locale);
    await page.goto('/sign-in/link?token=already-used');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/Signing you in|Connexion en cours/);
    await expect(page.getByText(/Signing you in|Connexion en cours|Checking your sign-in link|Vérification de votre lien/)).toHaveCount(0);
  });
}

test('[fr] at 360 px a portal link to an order with a long number keeps its header on the screen, “Se déconnecter” included', async ({
  page,
  playwright,
  baseURL
}) => {
  // A shop's own numbering can be long ("WEBSHOP-2026-…"): the link to the order shortens, the page never scrolls sideways.
  const number = await pushOwnOrder(playwright, baseURL, 'WEBSHOP-ORDER-LONG-NUMBER', { firstName: 'Léa', lastName: 'Long' }, (n) => [
    { sku: `${n}-TEE`, name: 'Shirt', variant: 'M', unitPriceCents: 2000, quantity: 1 }
  ]);
  await useLanguage(page, 'fr');
  await openPortalLink(page, number, 'fr');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectOneLine(page, page.locator('nav.subnav'));
  const signOut = page.getByRole('button', { name: 'Se déconnecter' });
  await expect(signOut).toBeInViewport({ ratio: 1 });
});

test('the customer email on the staff return page does not wrap mid-word at 360 px', async ({ page }) => {
  await useLanguage(page, 'en');
  await signInStaff(page);
  // A return for Alice, created by staff (the demo data has her orders).
  const number = (await staffReturnFor(page, 'alice@example.com'))?.number ?? '';
  expect(number).not.toBe('');
  await page.goto(`/staff/returns/${number}`);
  const email = page.getByRole('link', { name: 'alice@example.com' });
  await expect(email).toBeVisible();
  expect(await textLines(email)).toBe(1);
});

/** Neither the page nor the money table scrolls sideways, and each line's cells sit inside the screen. */
async function expectMoneyTableFits(page: Page, table: Locator, width: number) {
  await expect(table).toBeVisible();
  const page_ = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    client: document.scrollingElement!.clientWidth
  }));
  expect(page_.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(page_.client);
  for (const box of [table, table.locator('xpath=..')]) {
    const own = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(own.scroll, 'the table scrolls sideways in its box').toBeLessThanOrEqual(own.client);
  }
  const right = await table.evaluate((el) =>
    Math.max(...[...el.querySelectorAll('tbody th, tbody td')].map((c) => c.getBoundingClientRect().right))
  );
  expect(right).toBeLessThanOrEqual(width);
}

test(`the per-line money tables of a return and of its order read at 360 px without scrolling sideways, and as a table at a desk`, async ({
  page
}) => {
  await useLanguage(page, 'en');
  await signInStaff(page);
  const { number, orderNumber } = (await staffReturnFor(page, 'alice@example.com'))!;
  for (const [path, testid] of [
    [`/staff/returns/${number}`, 'money'],
    [`/staff/orders/${orderNumber}`, 'order-money']
  ] as const) {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(path);
    const table = page.getByTestId(`${testid}-table`);
    await expectMoneyTableFits(page, table, 360);
    // Each line reads as a card: every amount under its column's name, the product first.
    const line = table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader') })
      .first();
    const [product, firstCell] = [
      (await line.getByRole('rowheader').boundingBox())!,
      (await line.getByRole('cell').first().boundingBox())!
    ];
    expect(product.y).toBeLessThan(firstCell.y);

    // At a desk the same table is one row per line, its columns side by side.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectMoneyTableFits(page, table, 1280);
    await expect(table.getByRole('columnheader').first()).toBeVisible();
    const [deskProduct, deskCell] = [
      (await line.getByRole('rowheader').boundingBox())!,
      (await line.getByRole('cell').first().boundingBox())!
    ];
    expect(Math.abs(deskProduct.y - deskCell.y)).toBeLessThan(deskProduct.height);
  }
});
