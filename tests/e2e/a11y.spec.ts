import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, call, expectNoAxeViolations, pushOwnOrder, shopperReturn, useLanguage, SAME_ORIGIN } from './helpers.ts';
import { mailSeen, waitForLink } from './mailbox.ts';

// Every page, shopper and staff, in both languages; the desktop project runs it at 1280 px and
// the phone project (@phone) at 360 px. One test per page, so a failure names the page.

/**
 * This file's own admin, added once per worker by the demo admin: the language it switches to for
 * each page is its own, so the specs running beside this one keep the demo admin in English.
 */
let ownAdmin: Promise<{ email: string; password: string }> | undefined;
function a11yAdmin(request: APIRequestContext) {
  ownAdmin ??= (async () => {
    await call(request, 'post', '/api/staff/auth/sign-in', ADMIN);
    const email = `axe-${Date.now().toString(36)}-${test.info().project.name}@example.com`;
    const { password } = await call<{ password: string }>(request, 'post', '/api/staff/accounts', {
      email,
      name: 'Axe Admin',
      role: 'admin'
    });
    return { email, password };
  })();
  return ownAdmin;
}

type Shop = { playwright: Parameters<typeof pushOwnOrder>[0]; baseURL: string | undefined };

/**
 * This file's own shopper, made once per worker as a new customer would be: the shop pushes a delivered
 * order of two lines, the customer creates an account from the emailed link. The scans read and change
 * nothing of the demo shopper's, so they run beside the specs that use up her orders.
 */
let ownShopper: Promise<{ email: string; password: string }> | undefined;
function a11yShopper(request: APIRequestContext, shop: Shop) {
  ownShopper ??= (async () => {
    const tag = test.info().project.name.endsWith('phone') ? 'AXP' : 'AXD';
    const number = await pushOwnOrder(shop.playwright, shop.baseURL, tag, { firstName: 'Axel', lastName: 'Scan' }, () => [
      { sku: 'HOOD-GRY-L', name: 'Grey hoodie', variant: 'L', unitPriceCents: 5900, quantity: 2 },
      { sku: 'SCARF-WL', name: 'Wool scarf', unitPriceCents: 3500, quantity: 1 }
    ]);
    const email = `${number.toLowerCase()}@example.com`;
    const seen = mailSeen();
    await call(request, 'post', '/api/auth/sign-up', { email });
    const token = new URL(await waitForLink(email, '/account/password', seen)).searchParams.get('token');
    const password = 'a scan of every page';
    await call(request, 'post', '/api/auth/set-password', { token, password });
    return { email, password };
  })();
  return ownShopper;
}

const signIn = {
  shopper: async (request: APIRequestContext, shop: Shop) => call(request, 'post', '/api/auth/sign-in', await a11yShopper(request, shop)),
  staff: async (request: APIRequestContext) => call(request, 'post', '/api/staff/auth/sign-in', await a11yAdmin(request))
};

/** The file's shopper's order, and a return on it (made once per worker). */
let fixture: { order: string; ret: string } | undefined;
async function ownReturn(request: APIRequestContext, shop: Shop) {
  // Two units or more left, so the order's return form still has something to offer afterwards.
  fixture ??= await shopperReturn(request, 2, await a11yShopper(request, shop));
  return fixture;
}

type Visit = {
  name: string;
  who: 'anonymous' | 'shopper' | 'staff';
  path: (f: { order: string; ret: string }) => string;
  /** What must be on screen before the scan (the page has finished loading). */
  ready: (page: Page) => Promise<void>;
};

const main = (page: Page) => expect(page.locator('main h1').first()).toBeVisible();
const PAGES: Visit[] = [
  { name: 'shopper sign-in', who: 'anonymous', path: () => '/sign-in', ready: main },
  {
    name: 'an unusable sign-in link',
    who: 'anonymous',
    path: () => '/sign-in/link?token=not-a-token',
    ready: (page) => expect(page.getByRole('alert').first()).toBeVisible()
  },
  { name: 'My orders', who: 'shopper', path: () => '/orders', ready: (page) => expect(page.getByTestId('order').first()).toBeVisible() },
  {
    name: 'an order',
    who: 'shopper',
    path: (f) => `/orders/${f.order}`,
    ready: (page) => expect(page.getByTestId('order-line').first()).toBeVisible()
  },
  {
    name: 'the return form, review step',
    who: 'shopper',
    path: (f) => `/orders/${f.order}/return`,
    ready: async (page) => {
      await expect(page.getByTestId('return-line').first()).toBeVisible();
      await page.getByRole('button', { name: /^(Continue to review|Vérifier ma demande)$/ }).click();
    }
  },
  { name: 'the claim form', who: 'shopper', path: (f) => `/orders/${f.order}/claim`, ready: main },
  { name: 'My returns', who: 'shopper', path: () => '/returns', ready: main },
  { name: 'the shopper’s account', who: 'shopper', path: () => '/account', ready: main },
  { name: 'a return', who: 'shopper', path: (f) => `/returns/${f.ret}`, ready: main },
  { name: 'a missing page', who: 'shopper', path: () => '/orders/no-such-order', ready: main },
  { name: 'account sign-up', who: 'anonymous', path: () => '/sign-up', ready: main },
  { name: 'forgotten password', who: 'anonymous', path: () => '/forgot-password', ready: main },
  { name: 'order lookup', who: 'anonymous', path: () => '/lookup', ready: main },
  {
    name: 'order lookup with its field errors',
    who: 'anonymous',
    path: () => '/lookup',
    ready: async (page) => {
      await expect(page.locator('main h1').first()).toBeVisible();
      await page.locator('main form button[type="submit"]').click();
      await expect(page.locator('main input').first()).toBeFocused();
    }
  },
  { name: 'an expired portal link', who: 'anonymous', path: () => '/o/1001?exp=1&sig=00', ready: main },
  { name: 'the withdrawal form', who: 'anonymous', path: () => '/withdraw', ready: main },
  { name: 'staff sign-in', who: 'anonymous', path: () => '/staff/sign-in', ready: main },
  { name: 'staff home', who: 'staff', path: () => '/staff', ready: main },
  {
    name: 'staff returns queue',
    who: 'staff',
    path: () => '/staff/returns',
    ready: (page) => expect(page.getByRole('link', { name: /^R-/ }).first()).toBeVisible()
  },
  {
    name: 'staff return page',
    who: 'staff',
    path: (f) => `/staff/returns/${f.ret}`,
    ready: (page) => expect(page.getByTestId('return-state')).toBeVisible()
  },
  { name: 'staff withdrawals to match', who: 'staff', path: () => '/staff/withdrawals', ready: main },
  { name: 'staff order search', who: 'staff', path: () => '/staff/orders', ready: main },
  { name: 'staff order page', who: 'staff', path: (f) => `/staff/orders/${f.order}`, ready: main },
  { name: 'staff emails', who: 'staff', path: () => '/staff/emails', ready: main },
  {
    name: 'staff insights',
    who: 'staff',
    path: () => '/staff/insights',
    ready: (page) => expect(page.getByTestId('insights-period')).toBeVisible()
  },
  { name: 'staff settings', who: 'staff', path: () => '/staff/settings', ready: main },
  { name: 'staff connections', who: 'staff', path: () => '/staff/settings/connections', ready: main },
  { name: 'staff rules', who: 'staff', path: () => '/staff/rules', ready: main },
  { name: 'staff accounts', who: 'staff', path: () => '/staff/staff', ready: main }
];

for (const locale of ['en', 'fr'] as const) {
  test.describe(`[${locale}] no WCAG 2.2 AA violation that axe can find`, () => {
    for (const visit of PAGES) {
      test(`${visit.name} @phone`, async ({ page, playwright, baseURL }) => {
        await useLanguage(page, locale);
        const shop = { playwright, baseURL };
        const f = await ownReturn(page.request, shop);
        if (visit.who === 'anonymous') await page.context().clearCookies();
        else await signIn[visit.who](page.request, shop);
        // The staff screen takes the language stored on the account; put it back afterwards.
        if (visit.who === 'staff') await page.request.patch('/api/staff/auth/me', { data: { locale }, headers: SAME_ORIGIN });
        try {
          await page.goto(visit.path(f));
          await visit.ready(page);
          await expect(page.locator('html')).toHaveAttribute('lang', locale);
          await expectNoAxeViolations(page);
        } finally {
          if (visit.who === 'staff') await page.request.patch('/api/staff/auth/me', { data: { locale: 'en' }, headers: SAME_ORIGIN });
        }
      });
    }
  });
}
