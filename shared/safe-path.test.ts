import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-path.ts';

describe('safeNextPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNextPath('/orders/1042')).toBe('/orders/1042');
    expect(safeNextPath('/returns/R-1042-1?x=1')).toBe('/returns/R-1042-1?x=1');
  });
  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    ' /orders',
    '/\t/evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example'
  ])('refuses %s', (bad) => {
    expect(safeNextPath(bad)).toBe('/orders');
  });
  it('falls back when empty', () => {
    expect(safeNextPath(null)).toBe('/orders');
    expect(safeNextPath('', '/staff')).toBe('/staff');
  });
});
