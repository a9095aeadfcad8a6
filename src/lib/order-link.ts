/**
 * What a guest's order session (a signed portal link, README "Put the portal in your emails") reaches
 * in the SPA: its order, its return and claim forms, and a return page and its slip (the API refuses a return of
 * another order). The lists and the account page belong to signed-in shoppers.
 */
export function reachableByOrderLink(pathname: string, orderNumber: string): boolean {
  const order = `/orders/${encodeURIComponent(orderNumber)}`;
  return (
    pathname === order || pathname === `${order}/return` || pathname === `${order}/claim` || /^\/returns\/[^/]+(\/slip)?$/.test(pathname)
  );
}
