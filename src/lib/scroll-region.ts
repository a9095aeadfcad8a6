/**
 * `use:scrollRegion` on a wrapper that scrolls sideways (a wide table in a `role="region"`): it is a
 * tab stop only while its content overflows, so a keyboard can scroll it, and no stop when it fits.
 */
export function scrollRegion(node: HTMLElement) {
  const update = () => {
    if (node.scrollWidth > node.clientWidth) node.tabIndex = 0;
    else node.removeAttribute('tabindex');
  };
  const observer = new ResizeObserver(update);
  observer.observe(node);
  update();
  return { destroy: () => observer.disconnect() };
}
