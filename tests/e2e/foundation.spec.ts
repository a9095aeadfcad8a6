import { expect, test } from '@playwright/test';
import { ADMIN, SHOPPER, signInShopper, signInStaff, useLanguage } from './helpers.ts';
import { mailSeen, waitForMail } from './mailbox.ts';

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

test('a shopper signs in and sees their seeded orders, newest first @phone', async ({ page }) => {
  await signInShopper(page);
  await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();
  const orders = page.getByTestId('order');
  await expect(orders).toHaveCount(10);
  const numbers = await orders.getByRole('heading').allTextContents();
  const asNumbers = numbers.map((n) => Number(n.replace(/\D/g, '')));
  expect(asNumbers).toEqual([...asNumbers].sort((a, b) => b - a));
  await page.getByRole('button', { name: 'Show more orders' }).click();
  await expect(orders).toHaveCount(18);
  await expect(page.getByRole('button', { name: 'Show more orders' })).toHaveCount(0);
});

test('a wrong password shows an error and stays on sign-in', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('staff signs in and sees the count of returns per state', async ({ page }) => {
  await signInStaff(page);
  await expect(page.getByRole('heading', { name: 'Returns overview' })).toBeVisible();
  await expect(page.getByTestId('count-requested')).toContainText('New');
  await expect(page.getByText(`Signed in as Ada Admin (admin)`)).toBeVisible();
});

test('a shopper’s cookie calling a staff endpoint gets 403, and the staff page sends them to staff sign-in', async ({ page }) => {
  await signInShopper(page);
  const res = await page.request.get('/api/staff/returns/counts');
  expect(res.status()).toBe(403);
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff$/);
});

test('after sign-out the old cookie gets 401', async ({ page, context }) => {
  await signInShopper(page);
  const before = (await context.cookies()).find((c) => c.name === 'reprise_session')!;
  expect(before.httpOnly).toBe(true);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const res = await page.request.get('/api/auth/me', { headers: { cookie: `reprise_session=${before.value}` } });
  expect(res.status()).toBe(401);
});

test('a cross-origin POST gets 403', async ({ request }) => {
  const res = await request.post('/api/auth/sign-in', {
    data: { email: SHOPPER.email, password: SHOPPER.password },
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe('cross_origin');
});

test('a deep link opened while signed out comes back after sign-in', async ({ page }) => {
  await page.goto('/orders?from=email');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forders%3Ffrom%3Demail$/);
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByLabel('Password').fill(SHOPPER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/orders\?from=email$/);
});

test('the sign-in page refuses to send the shopper to another site', async ({ page }) => {
  await page.goto('/sign-in?next=//evil.example/steal');
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByLabel('Password').fill(SHOPPER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/orders$/);
});

test('the portal speaks French, switchable, with plurals right', async ({ page }) => {
  await signInShopper(page);
  await page.getByTestId('language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Mes commandes' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const texts = await page.getByTestId('order').locator('p.muted').allTextContents();
  expect(texts.some((t) => /\b1 article\b/.test(t) || /\b[2-9] articles\b/.test(t))).toBe(true);
  expect(texts.every((t) => !/\b1 articles\b/.test(t))).toBe(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Mes commandes' })).toBeVisible();
});

test('the admin demo account is printed and works on the staff side only', async ({ request }) => {
  const staff = await request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: { 'sec-fetch-site': 'same-origin' } });
  expect(staff.status()).toBe(200);
  const asShopper = await request.post('/api/auth/sign-in', { data: ADMIN, headers: { 'sec-fetch-site': 'same-origin' } });
  expect(asShopper.status()).toBe(401);
});

test('sign-in moves focus to the first field to fix, and a lock-out says how long from Retry-After', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Password')).toBeFocused();

  // 61 seconds left in the lock-out: rounded up to 2 minutes.
  await page.route('**/api/auth/sign-in', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '61' },
      body: JSON.stringify({ error: { code: 'too_many_attempts', message: 'Too many failed sign-ins. Try again later.' } })
    })
  );
  await page.getByLabel('Password').fill('whatever-it-is');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Too many failed attempts. Try again in 2 min.');
});

test('a sign-out that does not reach the server says so and stays signed in', async ({ page }) => {
  await signInShopper(page);
  await page.route('**/api/auth/sign-out', (route) => route.abort());
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('alert')).toHaveText('We could not sign you out. Check your connection and try again.');
  await expect(page).toHaveURL(/\/orders$/);
  expect((await page.request.get('/api/auth/me')).status()).toBe(200);
  await page.unroute('**/api/auth/sign-out');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('My orders offers to try again when a page does not load, and a lost session goes to sign-in', async ({ page }) => {
  await signInShopper(page);
  const ordersList = /\/api\/orders(\?.*)?$/;
  const answer = (status: number, code: string) => ({
    status,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code, message: code } })
  });
  let failures = 1;
  await page.route(ordersList, (route) => (failures-- > 0 ? route.fulfill(answer(500, 'server_error')) : route.fallback()));
  await page.reload();
  await expect(page.getByRole('alert')).toHaveText('Something went wrong. Please try again.');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('order')).toHaveCount(10);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('order').first().getByRole('link')).toHaveAttribute('href', /^\/orders\/[^/]+$/);

  // The session ends while the page is open: "Show more" sends the shopper to sign-in, to come back here.
  await page.unrouteAll();
  await page.route(ordersList, (route) => route.fulfill(answer(401, 'unauthenticated')));
  await page.getByRole('button', { name: 'Show more orders' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forders$/);
});

test('a shopper asks for a sign-in link on the sign-in page and the emailed link signs them in', async ({ page, browser, baseURL }) => {
  const seen = mailSeen();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('status')).toHaveText('If an account exists for this address, we have sent a link. It works for 15 minutes.');
  await expect(page).toHaveURL(/\/sign-in$/);

  // The shopper's mailbox (the SMTP sink the relay delivers to) has the real link.
  const mail = await waitForMail(SHOPPER.email, /\/sign-in\/link\?token=/, seen);
  const link = mail.text.match(/https?:\/\/\S+\/sign-in\/link\?token=[a-z2-7]+/)?.[0];
  expect(link).toBeDefined();
  expect(new URL(link!).origin).toBe(new URL(baseURL!).origin);
  const token = new URL(link!).searchParams.get('token')!;

  // An admin reading the same email on the staff Emails page sees the link with its token masked.
  const staffContext = await browser.newContext();
  try {
    const staff = await staffContext.newPage();
    await signInStaff(staff);
    await staff.goto('/staff/emails');
    const row = staff.getByTestId('email-row').filter({ hasText: SHOPPER.email }).first();
    await row.getByRole('button', { name: 'Your sign-in link' }).click();
    await expect(row.locator('pre')).toContainText('/sign-in/link?token=•••');
    expect(await staff.content()).not.toContain(token);
  } finally {
    await staffContext.close();
  }

  await page.goto(link!);
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();
  expect((await page.request.get('/api/auth/me')).status()).toBe(200);

  // The same link a second time does not work, and says so.
  await page.context().clearCookies();
  await page.goto(link!);
  await expect(page.getByRole('alert')).toContainText('This sign-in link does not work');
  await expect(page.getByRole('link', { name: 'Back to sign-in' })).toHaveAttribute('href', '/sign-in');
});
