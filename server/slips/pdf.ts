import { PDFDocument, PDFFont, PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { slipText, type Slip, type SlipText } from '#shared/slip.ts';
import { SLIP_WORDS, type Locale } from '#shared/words/index.ts';

/** Paper sizes in points; the content fits the narrower and shorter of the two, so either prints it whole. */
export const PAPER = { a4: [595.28, 841.89], letter: [612, 792] } as const;
export type Paper = keyof typeof PAPER;

const MARGIN = 40;
const WIDTH = Math.min(PAPER.a4[0], PAPER.letter[0]) - 2 * MARGIN;
const QR_SIDE = 128;
const BLACK = rgb(0, 0, 0);

/**
 * The standard PDF fonts write WinAnsi only: a character outside it becomes its letter without accent
 * (ł → l is not in NFD, so it becomes "?"), a narrow no-break space a plain one. The print page shows
 * the exact text (docs/decisions.md "Return slip").
 */
export function winAnsi(text: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.replace(/[\u202f\u2009\u2007]/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if (known.has(code)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => known.has(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

/** `text` cut into lines no wider than `width` at `size` (words kept whole unless one alone is too wide). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width) line = next;
    else {
      if (line) lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Writes lines down the page from a cursor, starting a new page when one is full. */
class Writer {
  y = 0;
  page!: PDFPage;
  private readonly doc: PDFDocument;
  private readonly paper: Paper;
  readonly fonts: { regular: PDFFont; bold: PDFFont };
  constructor(doc: PDFDocument, paper: Paper, fonts: { regular: PDFFont; bold: PDFFont }) {
    this.doc = doc;
    this.paper = paper;
    this.fonts = fonts;
    this.newPage();
  }
  newPage() {
    const [w, h] = PAPER[this.paper];
    this.page = this.doc.addPage([w, h]);
    this.y = h - MARGIN;
  }
  /** One paragraph, wrapped to `width` (the full content width unless said). */
  text(text: string, opts: { size: number; bold?: boolean; width?: number; gap?: number; x?: number }) {
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const lead = opts.size * 1.25;
    for (const line of wrap(winAnsi(text, font), font, opts.size, opts.width ?? WIDTH)) {
      if (this.y - lead < MARGIN) this.newPage();
      this.y -= lead;
      this.page.drawText(line, { x: MARGIN + (opts.x ?? 0), y: this.y + opts.size * 0.25, size: opts.size, font, color: BLACK });
    }
    this.y -= opts.gap ?? 0;
  }
  rule() {
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.75, color: BLACK });
    this.y -= 12;
  }
}

/** The head: shop, title, the return number large, the order and the date to send by, the QR code on the right. */
function head(w: Writer, t: SlipText, qr: Slip['qr']) {
  const top = w.y;
  const left = WIDTH - QR_SIDE - 16;
  w.text(t.shopName, { size: 16, bold: true, width: left });
  w.text(t.title, { size: 13, width: left, gap: 14 });
  w.text(t.numberLabel, { size: 10, width: left });
  // As large as the line allows, never cut in two (a number split at its hyphen is misread).
  const numberSize = Math.min(34, Math.floor((left / w.fonts.bold.widthOfTextAtSize(winAnsi(t.returnNumber, w.fonts.bold), 1)) * 10) / 10);
  w.text(t.returnNumber, { size: numberSize, bold: true, width: left, gap: 8 });
  w.text(t.order, { size: 11, width: left, gap: 4 });
  w.text(t.sendBy, { size: 12, bold: true, width: left });
  const textBottom = w.y;
  const scale = QR_SIDE / qr.size;
  w.page.drawSvgPath(qr.path, { x: MARGIN + WIDTH - QR_SIDE, y: top, scale, color: BLACK });
  w.y = top - QR_SIDE;
  w.text(t.qrLabel, { size: 8, width: QR_SIDE, x: WIDTH - QR_SIDE });
  w.y = Math.min(w.y, textBottom);
}

/** The slip as a PDF in `locale` on `paper`: black only, standard fonts, no images but the QR code's vector path. */
export async function slipPdf(slip: Slip, locale: Locale, paper: Paper, now: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const t = slipText(slip, locale);
  doc.setTitle(`${t.title} ${slip.returnNumber}`, { showInWindowTitleBar: true });
  doc.setAuthor(slip.shopName);
  doc.setLanguage(locale === 'fr' ? 'fr-FR' : 'en');
  doc.setCreator('Reprise');
  doc.setProducer('Reprise (pdf-lib)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const w = new Writer(doc, paper, fonts);
  head(w, t, slip.qr);
  w.rule();
  w.text(t.sendToTitle, { size: 12, bold: true, gap: 2 });
  for (const line of t.address) w.text(line, { size: 12 });
  w.rule();
  w.text(t.itemsTitle, { size: 12, bold: true, gap: 2 });
  for (const item of t.items) w.text(`[  ]  ${item}`, { size: 11, gap: 2 });
  w.text(t.unitsTotal, { size: 10, gap: 0 });
  w.rule();
  w.text(t.instructionsTitle, { size: 12, bold: true, gap: 2 });
  for (const step of t.instructions) w.text(`•  ${step}`, { size: 11, gap: 2 });
  return doc.save();
}

/** The PDF's file name in `locale`: "return-slip-R-1042-1.pdf", only characters safe in a header. */
export const slipFileName = (returnNumber: string, locale: Locale) =>
  `${SLIP_WORDS[locale].fileName(returnNumber).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
