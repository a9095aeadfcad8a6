import { expect, test } from '@playwright/test';
import { signInShopper, signInStaff, staffReturnFor, useLanguage } from './helpers.ts';

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

test('every message the shop sends is kept: staff see the thread and an empty field, the shopper sees each one in the history; a staff-typed comment stays staff-only', async ({
  page
}) => {
  // A counter return for Alice, created by staff with a comment.
  await signInStaff(page);
  const number = (await staffReturnFor(page, 'alice@example.com', { comment: 'Came in person, box is torn' }))?.number ?? '';
  expect(number).not.toBe('');

  await page.goto(`/staff/returns/${number}`);
  await expect(page.getByTestId('comment-staff-only')).toBeVisible();
  const field = page.getByLabel(/^New message to customer/);
  await field.fill('Bring the parcel to the post office with the label.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(field).toHaveValue('');
  await field.fill('We have received the label request.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(field).toHaveValue('');
  const thread = page.getByTestId('messages');
  await expect(thread.locator('li')).toHaveCount(2);
  await expect(thread).toContainText('Bring the parcel to the post office with the label.');
  await expect(thread).toContainText('Admin');

  await signInShopper(page);
  await page.goto(`/returns/${number}`);
  const shown = page.getByTestId('shop-message');
  await expect(shown).toHaveCount(2);
  await expect(shown.nth(0)).toContainText('Bring the parcel to the post office with the label.');
  await expect(shown.nth(1)).toContainText('We have received the label request.');
  await expect(page.getByText('Came in person, box is torn')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Your comment' })).toHaveCount(0);
});
