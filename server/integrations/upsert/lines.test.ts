import { describe, expect, it } from 'vitest';
import { pushedOrderSchema } from '#shared/schemas/integrations.ts';
import { lineValues } from './lines.ts';

const order = (line: Record<string, unknown>) => ({
  number: 'T-1',
  customer: { email: 'a@example.com', firstName: 'A' },
  status: 'delivered',
  currency: 'EUR',
  placedAt: '2026-11-01T10:00:00Z',
  lines: [{ sku: 'SHOE-42', name: 'Shoe', unitPriceCents: 9000, quantity: 1, ...line }]
});

describe('product tags on the order push', () => {
  it('are stored on the order line (none when absent), for the shop’s rules to match', () => {
    const tagged = pushedOrderSchema.parse(order({ tags: [' sale ', 'shoes'] }));
    expect(lineValues(1, tagged.lines[0]!, 0, undefined).tags).toEqual(['sale', 'shoes']);
    expect(lineValues(1, pushedOrderSchema.parse(order({})).lines[0]!, 0, undefined).tags).toEqual([]);
  });

  it('refuses an empty tag or too many, naming the field', () => {
    const empty = pushedOrderSchema.safeParse(order({ tags: [''] }));
    expect(empty.error?.issues[0]?.path).toEqual(['lines', 0, 'tags', 0]);
    expect(pushedOrderSchema.safeParse(order({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).success).toBe(false);
  });
});
