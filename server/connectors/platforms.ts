/** The shop platforms Reprise takes order webhooks from, each at `POST /api/integrations/<platform>`. */
export const PLATFORMS = ['shopify', 'woocommerce', 'shopware', 'lightspeed'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Each platform's name as its admin shows it, and the variable holding its secret. */
export const PLATFORM_INFO: Record<Platform, { name: string; secretVariable: string }> = {
  shopify: { name: 'Shopify', secretVariable: 'SHOPIFY_WEBHOOK_SECRET' },
  woocommerce: { name: 'WooCommerce', secretVariable: 'WOOCOMMERCE_WEBHOOK_SECRET' },
  shopware: { name: 'Shopware 6', secretVariable: 'SHOPWARE_APP_SECRET' },
  lightspeed: { name: 'Lightspeed eCom', secretVariable: 'LIGHTSPEED_WEBHOOK_SECRET' }
};
