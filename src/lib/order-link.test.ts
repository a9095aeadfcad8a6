import { describe, expect, it } from 'vitest';
import { reachableByOrderLink } from './order-link.ts';

describe('what an order session reaches', () => {
  it('its order, its return form and a return page; never the lists, the account page or another order', () => {
    for (const path of ['/orders/1042', '/orders/1042/return', '/returns/R-1042-1'])
      expect(reachableByOrderLink(path, '1042'), path).toBe(true);
    for (const path of ['/account', '/orders', '/returns', '/orders/1043', '/orders/1042/other', '/returns/R-1/x']) {
      expect(reachableByOrderLink(path, '1042'), path).toBe(false);
    }
  });
});
