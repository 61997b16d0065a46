// The deletion certificate as PDF (issue 11), laid out with pdf-lib from the same model as the
// HTML (shared/certificate.ts): A4, Helvetica, wrapped lines, as many pages as it takes.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { certificateModel, type CertificateInput } from '../../shared/certificate';

/** Helvetica (WinAnsi) cannot draw every character: anything else becomes '?'. */
const winAnsi = (s: string) => s.replace(/[^\x20-\x7E\xA0-\xFF]/g, (c) => (c === '—' ? '-' : '?'));

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of winAnsi(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width) line = next;
    else {
      if (line) lines.push(line);
      // A word longer than the line (a hash): cut it.
      let w = word;
      while (font.widthOfTextAtSize(w, size) > width) {
        let k = w.length;
        while (k > 1 && font.widthOfTextAtSize(w.slice(0, k), size) > width) k--;
        lines.push(w.slice(0, k));
        w = w.slice(k);
      }
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const m = certificateModel(input);
  const doc = await PDFDocument.create();
  doc.setTitle(m.title);
  doc.setCreator('ZTA Privacy Console');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [W, H, margin] = [595.28, 841.89, 50];
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - margin;
  const text = (s: string, opts: { size?: number; f?: PDFFont; x?: number; width?: number } = {}) => {
    const size = opts.size ?? 10;
    const f = opts.f ?? font;
    const x = opts.x ?? margin;
    for (const line of wrap(s, f, size, opts.width ?? W - x - margin)) {
      if (y < margin + size) {
        page = doc.addPage([W, H]);
        y = H - margin;
      }
      page.drawText(line, { x, y, size, font: f, color: rgb(0, 0, 0) });
      y -= size * 1.4;
    }
  };
  text(m.title, { size: 20, f: bold });
  y -= 8;
  for (const [label, value] of m.facts) {
    const top = y;
    text(label, { f: bold, width: 130 });
    const after = y;
    y = top;
    text(value, { x: margin + 140 });
    y = Math.min(y, after);
  }
  y -= 8;
  text('Outcome per dataset', { size: 13, f: bold });
  for (const [dataset, outcome, citation] of m.outcomes)
    text(`${dataset}: ${outcome} (exemption: ${citation})`);
  y -= 8;
  text('Recipients to notify (GDPR Art. 19)', { size: 13, f: bold });
  if (m.recipients.length === 0) text('No recipients are configured.');
  for (const [name, contact, notified] of m.recipients) text(`${name} - ${contact} - notified: ${notified}`);
  y -= 8;
  text(m.statement);
  y -= 8;
  text(`Receipt SHA-256: ${m.sha256}`, { size: 9 });
  return doc.save();
}
