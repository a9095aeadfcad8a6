import { describe, expect, it } from 'vitest';
import { longDay, sendByDay, slipText, type Slip } from './slip.ts';

const slip: Slip = {
  shopName: 'Maison Test',
  returnNumber: 'R-1042-1',
  orderNumber: '1042',
  returnTo: { address: '  Maison Test\r\n12 rue des Retours\n\n75011 Paris ', instructions: { en: 'Tape it well.', fr: '' } },
  contactEmail: 'help@shop.example',
  sendBy: '2026-04-12',
  lines: [
    { name: 'Linen shirt', variant: 'M', sku: 'LS-M', quantity: 2 },
    { name: 'Canvas tote', variant: null, sku: null, quantity: 1 }
  ],
  qr: { size: 29, path: '' }
};

describe('the return slip', () => {
  it('is to be sent 14 days after the day of approval in the shop’s time zone', () => {
    // 23:30 UTC on 28 March is already 29 March in Paris (summer time begins that night).
    expect(sendByDay(new Date('2026-03-28T23:30:00Z'), 'Europe/Paris')).toBe('2026-04-12');
    expect(sendByDay(new Date('2026-03-28T23:30:00Z'), 'UTC')).toBe('2026-04-11');
    expect(sendByDay(new Date('2026-12-25T10:00:00Z'), 'UTC')).toBe('2027-01-08');
  });

  it('says the day in words in each language', () => {
    expect(longDay('2026-04-12', 'en')).toBe('12 April 2026');
    expect(longDay('2026-04-12', 'fr')).toBe('12 avril 2026');
  });

  it('has the address one line each, the items with their units, the instructions in the other language when one is missing', () => {
    const fr = slipText(slip, 'fr');
    expect(fr.address).toEqual(['Maison Test', '12 rue des Retours', '75011 Paris']);
    expect(fr.items).toEqual(['2 × Linen shirt — M (Réf. LS-M)', '1 × Canvas tote']);
    expect(fr.unitsTotal).toBe('3 articles en tout');
    expect(fr.instructions[0]).toBe('Tape it well.');
    expect(fr.sendBy).toBe('Merci d’envoyer le colis au plus tard le 12 avril 2026.');
    const en = slipText({ ...slip, lines: [slip.lines[1]!] }, 'en');
    expect(en.unitsTotal).toBe('1 item in all');
    expect(en.sendBy).toBe('Please send the parcel by 12 April 2026.');
  });

  it('without a return address, tells to ask the shop', () => {
    const en = slipText({ ...slip, returnTo: { address: ' ', instructions: { en: '', fr: '' } } }, 'en');
    expect(en.address).toEqual(['The shop will tell you where to send the items: contact help@shop.example.']);
    expect(en.instructions).toHaveLength(3);
  });
});
