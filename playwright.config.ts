import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { E2E_SHOP_SECRET, E2E_WOOCOMMERCE_SECRET } from './tests/e2e/helpers.ts';

/** A port nothing listens on now, as the kernel hands one out (a random pick once met a port in use). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// One server for the whole run, on a free port with a fresh data directory.
// Chosen once in the main process; workers inherit the environment, so they agree.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'reprise-e2e-'));
// The mail sink the server's relay delivers to (tests/e2e/serve.ts), and where it keeps the messages.
let smtpPort = await freePort();
while (String(smtpPort) === process.env.E2E_PORT) smtpPort = await freePort();
process.env.E2E_SMTP_PORT ??= String(smtpPort);
process.env.E2E_MAIL_DIR ??= mkdtempSync(join(tmpdir(), 'reprise-e2e-mail-'));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;
const desktop = { ...devices['Desktop Chrome'], channel: undefined };
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const A11Y = /\/a11y\.spec\.ts$/;
/** Specs that touch no data another spec reads or changes (a new spec goes here only if that holds). */
const OWN_DATA = /\/(accounts|claims|connections|first-load|lazy-staff|photos|portal-links)\.spec\.ts$/;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Lanes (see projects): the specs on the shared demo shop one after the other; beside them the axe
  // scans and the specs that make and read only their own data; last, alone, the tests that switch a
  // shop-wide setting off. Two browsers on two cores: the server is a separate process, and its work
  // and the relay's mail waits overlap.
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  projects: [
    // Projects start in this order when their dependencies allow, each on the first free worker.
    // The specs sharing the demo shop (alice's orders and returns, the admin's language, the shop's
    // settings): one at a time, desktop first, then the same specs' @phone tests.
    { name: 'desktop', testIgnore: [OWN_DATA, A11Y], workers: 1, grepInvert: /@exclusive/, use: desktop },
    // Every page scanned by axe, in both languages, at both widths, with a shopper and an admin of its
    // own (one per worker): beside the specs on the demo shop.
    { name: 'a11y', testMatch: A11Y, workers: 1, use: desktop },
    { name: 'a11y-phone', testMatch: A11Y, workers: 1, use: phone, grep: /@phone/ },
    // Specs whose data is their own (their own shopper, guest or pushed order; alice only read, never
    // her returns, language or sign-in counters; no shop setting, no staff account's language):
    // they run beside the others.
    { name: 'own-data', testMatch: OWN_DATA, use: desktop },
    {
      name: 'phone',
      testIgnore: [OWN_DATA, A11Y],
      workers: 1,
      dependencies: ['desktop'],
      use: phone,
      grep: /@phone/,
      grepInvert: /@exclusive/
    },
    // Tests that switch something off for the whole shop (returns): alone, once everything else is done,
    // so no page another worker opens meanwhile finds the switch off.
    {
      name: 'exclusive',
      testIgnore: [OWN_DATA, A11Y],
      workers: 1,
      dependencies: ['phone', 'a11y', 'a11y-phone', 'own-data'],
      use: desktop,
      grep: /@exclusive/
    }
  ],
  webServer: {
    command: 'node tests/e2e/serve.ts',
    url: `${baseURL}/api/shop`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      PUBLIC_URL: baseURL,
      HOST: '127.0.0.1',
      E2E_SMTP_PORT: process.env.E2E_SMTP_PORT,
      E2E_MAIL_DIR: process.env.E2E_MAIL_DIR,
      SHOP_SECRET: E2E_SHOP_SECRET,
      WOOCOMMERCE_WEBHOOK_SECRET: E2E_WOOCOMMERCE_SECRET,
      // Specs that post many withdrawal statements give each its own X-Forwarded-For (5 per client address in 15 minutes).
      TRUST_PROXY: 'true'
    }
  }
});
