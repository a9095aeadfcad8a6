/**
 * Reading a PDF the way its reader would: the text with PDF.js (Mozilla's viewer, `pdfjs-dist`), and
 * a page rendered to pixels (PDF.js on `@napi-rs/canvas`) for a QR decoder (`jsqr`). pdf-lib, which
 * writes the slips, cannot read text back, so these check what a viewer shows, not what we meant to draw.
 */
import { createRequire } from 'node:module';
import { createCanvas } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const standardFontDataUrl = createRequire(import.meta.url)
  .resolve('pdfjs-dist/package.json')
  .replace(/package\.json$/, 'standard_fonts/');

/** The document and the loading task that frees it (`destroy`). */
async function open(bytes: Uint8Array) {
  const task = getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, verbosity: 0 });
  return { task, doc: await task.promise };
}

/** Every page's size in points and its text, one string per line as PDF.js reads it. */
export async function pdfPages(bytes: Uint8Array): Promise<{ width: number; height: number; lines: string[] }[]> {
  const { task, doc } = await open(bytes);
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const lines: string[] = [];
    let line = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line.trim());
        line = '';
      }
    }
    if (line.trim()) lines.push(line.trim());
    pages.push({ width, height, lines: lines.filter(Boolean) });
  }
  await task.destroy();
  return pages;
}

/** The QR code found on page 1 rendered at 2× (null: none found). */
export async function pdfQr(bytes: Uint8Array): Promise<string | null> {
  const { task, doc } = await open(bytes);
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 2 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
  const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  await task.destroy();
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
