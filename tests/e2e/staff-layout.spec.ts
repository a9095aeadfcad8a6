import { expect, test, type Locator, type Page } from '@playwright/test';
import { SAME_ORIGIN, signInStaff, staffReturnFor, useLanguage } from './helpers.ts';

// The staff screens at the sizes staff use them: a desk screen (1280 px) and a phone (390 px).
// Measured in the page (boxes and text lines), no screenshots.

/** How many lines the visible text of `el` takes (distinct tops of its text's line boxes). */
async function textLines(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const tops = new Set<number>();
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.textContent?.trim() || text.parentElement!.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    return tops.size;
  });
}

/** The page does not scroll sideways. */
async function noSidewaysScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** A return on one of the demo shopper's orders, made by staff through the API (the page's cookie). */
async function aReturn(page: Page): Promise<string> {
  // An email to the customer, so the Emails page has a row.
  const made = await staffReturnFor(page, 'alice@example.com', { notify: true });
  if (made) return made.number;
  throw new Error('the demo shopper has no order left to return from');
}

/** Staff, signed in in English, make a new return and open the queue: answers the return's number and its row there. */
async function newReturnInQueue(page: Page) {
  await useLanguage(page, 'en');
  await signInStaff(page);
  const number = await aReturn(page);
  await page.goto('/staff/returns');
  return { number, row: page.getByTestId('queue-row').filter({ hasText: number }) };
}

/** The staff menu (every link, who is signed in, "Sign out") on one line. */
async function menuOnOneLine(page: Page) {
  const menu = page.locator('nav.subnav');
  await expect(menu).toBeVisible();
  const boxes = await menu.evaluate((nav) =>
    [...nav.children]
      .map((c) => c.getBoundingClientRect())
      .filter((b) => b.width > 0 && b.height > 0)
      .map((b) => [b.top, b.bottom])
  );
  const [lowestTop, highestBottom] = [Math.max(...boxes.map((b) => b[0]!)), Math.min(...boxes.map((b) => b[1]!))];
  expect(lowestTop, `the menu's items side by side: ${JSON.stringify(boxes)}`).toBeLessThan(highestBottom);
  expect(await textLines(menu)).toBe(1);
}

test.describe('on a desk screen (1280 px)', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the staff screen takes the width: the menu on one line, each queue cell on one line, emails whole', async ({ page }) => {
    const { row } = await newReturnInQueue(page);
    await expect(row).toBeVisible();

    // The content uses the screen, not a ~860 px column in its middle.
    expect(await page.locator('main').evaluate((m) => m.getBoundingClientRect().width)).toBeGreaterThanOrEqual(1200);
    await menuOnOneLine(page);
    // Each cell of the row reads on one line; the customer's cell is their name and, below it, their email, whole,
    // then one line per risk signal when there is one (a customer with other returns: issue 19).
    const cells = row.locator('td');
    const signals = await row.getByTestId('risk-signals').locator('li').count();
    for (let i = 0; i < (await cells.count()); i++) {
      const cell = cells.nth(i);
      expect(await textLines(cell), `“${await cell.textContent()}”`).toBeLessThanOrEqual(i === 2 ? 2 + signals : 1);
    }
    expect(await textLines(row.getByText('alice@example.com'))).toBe(1);
    await noSidewaysScroll(page, 1280);

    // The shopper pages keep their reading width.
    await page.goto('/sign-in');
    await expect(page.locator('main h1')).toBeVisible();
    expect(await page.locator('main').evaluate((m) => m.getBoundingClientRect().width)).toBeLessThanOrEqual(56 * 16);
  });

  test('the French menu, longer, is on one line too', async ({ page }) => {
    await signInStaff(page);
    // The staff screen takes the language stored on the account; put it back afterwards.
    await page.request.patch('/api/staff/auth/me', { data: { locale: 'fr' }, headers: SAME_ORIGIN });
    try {
      await page.goto('/staff');
      await expect(page.getByRole('link', { name: 'Comptes de l’équipe' })).toBeVisible();
      await menuOnOneLine(page);
      await noSidewaysScroll(page, 1280);
    } finally {
      await page.request.patch('/api/staff/auth/me', { data: { locale: 'en' }, headers: SAME_ORIGIN });
    }
  });

  test('the Orders page shows the newest orders before any search; a name without its accent and a partial return number find people', async ({
    page
  }) => {
    await useLanguage(page, 'en');
    await signInStaff(page);
    const number = await aReturn(page);
    await page.goto('/staff/orders');
    await expect(page.getByRole('heading', { name: 'Recent orders' })).toBeVisible();
    await expect(page.getByTestId('order-result')).toHaveCount(20);

    await page.getByLabel('Order or return number, customer name or email').fill('chloe');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByRole('heading', { name: 'Orders found' })).toBeVisible();
    await expect(page.getByTestId('order-result')).toHaveCount(3);
    for (const result of await page.getByTestId('order-result').all()) await expect(result).toContainText('Chloé Petit');

    // The queue: the beginning of the return number, in lower case.
    const partial = number.slice(0, -1).toLowerCase();
    await page.goto('/staff/returns');
    await page.getByLabel('Search returns').fill(partial);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${partial}`));
    await expect(page.getByTestId('queue-row').filter({ hasText: number })).toBeVisible();
  });
});

test.describe('on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the queue shows each return’s state on screen, and no staff table scrolls the page sideways', async ({ page }) => {
    const { number, row } = await newReturnInQueue(page);
    const state = row.locator('.badge[data-state]');
    await expect(state).toHaveText('New');
    // On screen without scrolling sideways (before, the table scrolled in its box and hid the state column).
    for (const shown of [state, row.getByRole('link', { name: number })]) {
      const box = (await shown.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    // Each row reads as a card: the return number and its state first, then the customer, whole.
    const [numberBox, stateBox] = [(await row.getByRole('link', { name: number }).boundingBox())!, (await state.boundingBox())!];
    expect(stateBox.y).toBeLessThan(numberBox.y + numberBox.height);
    expect(await textLines(row.getByText('alice@example.com'))).toBe(1);
    await noSidewaysScroll(page, 390);

    for (const [path, rowId] of [
      ['/staff/emails', 'email-row'],
      ['/staff/staff', 'staff-row'],
      ['/staff/orders', 'order-result']
    ]) {
      await page.goto(path!);
      await expect(page.getByTestId(rowId!).first()).toBeVisible();
      await noSidewaysScroll(page, 390);
      const right = await page
        .getByTestId(rowId!)
        .first()
        .evaluate((r) => Math.max(...[...r.children].map((c) => c.getBoundingClientRect().right)));
      expect(right, path).toBeLessThanOrEqual(390);
    }
  });
});
