import { describe, expect, it } from 'vitest';
import { reachableByOrderLink } from './order-link.ts';

describe('what an order session reaches', () => {
  it('its order, its return form, a return page and its slip; never the lists, the account page or another order', () => {
    for (const path of ['/orders/1042', '/orders/1042/return', '/orders/1042/claim', '/returns/R-1042-1', '/returns/R-1042-1/slip'])
      expect(reachableByOrderLink(path, '1042'), path).toBe(true);
    for (const path of ['/account', '/orders', '/returns', '/orders/1043', '/orders/1042/other', '/returns/R-1/x', '/returns/R-1/slip/x']) {
      expect(reachableByOrderLink(path, '1042'), path).toBe(false);
    }
  });
});
