import { api, read } from './api.ts';
import type { PublicShopAnswer } from './api-types.ts';

type PublicShop = PublicShopAnswer['shop'];

/** The shop's public settings (name, colours, contact), loaded once by the root layout. */
export const shop = $state<{ value: PublicShop | null }>({ value: null });

export async function loadShop(): Promise<PublicShop> {
  const { shop: value } = await read(api.shop.$get());
  shop.value = value;
  return value;
}
