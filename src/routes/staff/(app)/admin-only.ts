import { error } from '@sveltejs/kit';
import type { StaffMe } from '$lib/api-types.ts';

/**
 * The `load` of a page for admins only (settings, staff accounts, webhooks: the server refuses their
 * API to anyone else): anyone else gets the staff error page with the server's "forbidden" code, worded
 * by the page it was meant for (see +error.svelte), and nothing is asked of the API.
 */
export function adminOnly({ staff }: { staff: StaffMe }): void {
  if (staff.role !== 'admin') error(403, { message: 'Admins only.', code: 'forbidden' });
}
