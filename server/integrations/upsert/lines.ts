import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../../db/client.ts';
import { orderLines } from '../../db/schema.ts';
import { ApiError } from '../../http/errors.ts';
import { diff } from '../../audit/write.ts';
import type { StoredLine } from './types.ts';

type PushedLine = PushedOrder['lines'][number];

/** The order line row a pushed line becomes, at its position in the push. */
export const lineValues = (orderId: number, l: PushedLine, position: number, variantId: number | undefined) => ({
  orderId,
  variantId: variantId ?? null,
  position,
  productName: l.name,
  variantLabel: l.variant ?? null,
  sku: l.sku,
  imageUrl: l.imageUrl ?? null,
  unitPriceCents: l.unitPriceCents,
  quantity: l.quantity,
  finalSale: l.finalSale ?? false,
  tags: l.tags ?? []
});

/** What a line's audit compares (the sku and order id are what it is matched by). */
const audited = (l: ReturnType<typeof lineValues> | StoredLine) => ({
  variantId: l.variantId,
  position: l.position,
  productName: l.productName,
  variantLabel: l.variantLabel,
  imageUrl: l.imageUrl,
  unitPriceCents: l.unitPriceCents,
  quantity: l.quantity,
  finalSale: l.finalSale,
  tags: l.tags.join('\n')
});

export type LineChanges = {
  linesAdded?: string[];
  linesRemoved?: string[];
  linesChanged?: Record<string, Record<string, [unknown, unknown]>>;
};

/** Updates one stored line to the pushed values; its units on returns are re-checked under the row lock. */
async function updateLine(tx: Db, line: StoredLine, values: ReturnType<typeof lineValues>, index: number): Promise<void> {
  const updated = await tx
    .update(orderLines)
    .set(values)
    .where(and(eq(orderLines.id, line.id), sql`${orderLines.unitsOnReturns} <= ${values.quantity}`))
    .returning({ id: orderLines.id });
  if (updated.length === 0) {
    throw new ApiError(422, 'order_not_updatable', 'This update would take away units that are on returns.', {
      fields: { [`lines.${index}.quantity`]: 'below_units_on_returns' }
    });
  }
}

/**
 * Makes the stored lines what the push says (matched by sku): new ones inserted, changed ones updated,
 * the ones it no longer has deleted. Returns what changed, for the audit row.
 */
export async function writeLines(
  tx: Db,
  orderId: number,
  input: PushedOrder,
  existing: StoredLine[],
  removed: StoredLine[],
  variantIds: Map<string, number>
): Promise<LineChanges> {
  const added: string[] = [];
  const changed: Record<string, Record<string, [unknown, unknown]>> = {};
  for (const [i, l] of input.lines.entries()) {
    const line = existing.find((e) => e.sku === l.sku);
    const values = lineValues(orderId, l, i, variantIds.get(l.sku));
    if (!line) {
      await tx.insert(orderLines).values(values);
      added.push(l.sku);
      continue;
    }
    const lineDiff = diff(audited(line), audited(values));
    if (Object.keys(lineDiff).length === 0) continue;
    await updateLine(tx, line, values, i);
    changed[l.sku] = lineDiff;
  }
  if (removed.length)
    await tx.delete(orderLines).where(
      inArray(
        orderLines.id,
        removed.map((l) => l.id)
      )
    );
  return {
    ...(added.length ? { linesAdded: added } : {}),
    ...(removed.length ? { linesRemoved: removed.map((l) => l.sku) } : {}),
    ...(Object.keys(changed).length ? { linesChanged: changed } : {})
  };
}
