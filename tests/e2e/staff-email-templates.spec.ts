import { expect, test } from '@playwright/test';
import { ADMIN, signInStaff, SAME_ORIGIN } from './helpers.ts';

const TEMPLATE = '/api/staff/settings/emails/received/fr';

test('an admin edits a notification email text, sees the preview follow, saves, and it is kept after a reload', async ({ page }) => {
  await signInStaff(page, ADMIN);
  const list = await page.request.get('/api/staff/settings/emails', { headers: SAME_ORIGIN });
  expect(list.ok()).toBe(true);
  const original = ((await list.json()).templates as { state: string; locale: string; subject: string; body: string }[]).find(
    (t) => t.state === 'received' && t.locale === 'fr'
  )!;

  try {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const section = page.getByTestId('email-templates');
    await section.getByLabel('State').selectOption({ label: 'Items received' });
    await section.getByLabel('Language').selectOption({ label: 'French' });
    const subject = section.getByLabel('Subject', { exact: true });
    await expect(subject).toHaveValue(original.subject);
    const previewSubject = section.getByTestId('email-preview-subject');
    await expect(previewSubject).toHaveText('Votre retour R-1042-1 : Articles reçus');

    // Typing updates the preview (subject, sandboxed HTML and text), filled with the sample return.
    await subject.fill('Colis reçu, [[firstname]] <3 : [[return_number]]');
    await expect(previewSubject).toHaveText('Colis reçu, Camille <3 : R-1042-1');
    const body = section.getByLabel('Text', { exact: true });
    await body.fill('Bonjour [[firstname]] & <b>merci</b>, commande ');
    // A variable inserted where the cursor is.
    await body.press('End');
    await section.getByRole('button', { name: 'Insert [[order_number]]' }).click();
    await expect(body).toHaveValue('Bonjour [[firstname]] & <b>merci</b>, commande [[order_number]]');
    await expect(section.getByTestId('email-preview-text')).toHaveText('Bonjour Camille & <b>merci</b>, commande 1042');
    const html = section.frameLocator('iframe[title="Email preview (HTML version)"]');
    await expect(html.locator('body')).toHaveText('Bonjour Camille & <b>merci</b>, commande 1042');
    await expect(html.locator('b')).toHaveCount(0);
    await expect(section.getByTestId('email-preview-html')).toHaveAttribute('sandbox', '');

    // A typo is flagged next to the field before saving.
    await subject.fill('Colis reçu, [[prenom]] : [[return_number]]');
    await expect(section.getByText('Unknown variable [[prenom]]')).toBeVisible();
    await expect(subject).toHaveAttribute('aria-invalid', 'true');
    await section.getByRole('button', { name: 'Save email text' }).click();
    await expect(section.getByTestId('email-save-status')).toContainText('was not saved');

    await subject.fill('Colis reçu, [[firstname]] : [[return_number]]');
    await expect(previewSubject).toHaveText('Colis reçu, Camille : R-1042-1');
    await section.getByRole('button', { name: 'Save email text' }).click();
    await expect(section.getByTestId('email-save-status')).toContainText('Saved the French email for “Items received”.');

    await page.reload();
    await section.getByLabel('State').selectOption({ label: 'Items received' });
    await section.getByLabel('Language').selectOption({ label: 'French' });
    await expect(subject).toHaveValue('Colis reçu, [[firstname]] : [[return_number]]');
    await expect(body).toHaveValue('Bonjour [[firstname]] & <b>merci</b>, commande [[order_number]]');
    await expect(previewSubject).toHaveText('Colis reçu, Camille : R-1042-1');
  } finally {
    const restored = await page.request.put(TEMPLATE, { data: { subject: original.subject, body: original.body }, headers: SAME_ORIGIN });
    expect(restored.ok()).toBe(true);
  }
});
