import QRCode from 'qrcode';

/** Modules of light margin around the code: the 4 the QR standard asks for, so a scanner finds it on any background. */
const QUIET_ZONE = 4;

/**
 * The QR code of `text` (error correction M) as an SVG path of its dark modules, in module units, with
 * the quiet zone included in `size`: the print page draws it in an `<svg viewBox="0 0 size size">`, the
 * PDF with `drawSvgPath`, so both print the same code.
 */
export function qrOf(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      // Runs of dark modules on a row as one rectangle: a shorter path, no seams between modules.
      if (!modules.get(row, col) || (col > 0 && modules.get(row, col - 1))) continue;
      let run = 1;
      while (col + run < modules.size && modules.get(row, col + run)) run++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
    }
  }
  return { size: modules.size + 2 * QUIET_ZONE, path: parts.join('') };
}
