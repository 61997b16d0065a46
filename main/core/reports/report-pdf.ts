// The printable report (issue 16): the same table as the CSV (shared/reports.ts reportTable) laid
// out on A4 landscape with pdf-lib's standard Helvetica (WinAnsi: "§" and "—" print as is).
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { reportTable, type ReportView } from '../../../shared/reports';

const TITLES: Record<ReportView['kind'], string> = {
  'ccpa-7102': 'CCPA — 11 CCR §7102 request metrics',
  gdpr: 'GDPR — requests per right exercised',
};

/** The report as a one-page PDF (more pages only if the reasons run long). */
export async function reportPdf(view: ReportView, generatedAt = new Date()): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const title = `${TITLES[view.kind]}, requests received in ${view.report.year}`;
  doc.setTitle(title);
  doc.setCreator('ZTA Privacy Console');
  doc.setCreationDate(generatedAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [W, H] = [842, 595];
  const margin = 36;
  const size = 8;
  const table = reportTable(view);
  const cols = table[0]!.length;
  // The label and reasons columns take the room they need; the figures share the rest.
  const widths: number[] = Array.from({ length: cols }, (_, i) => (i === 0 ? 170 : i === 5 ? 200 : 0));
  const rest = (W - 2 * margin - 370) / (cols - 2);
  for (let i = 0; i < cols; i++) if (widths[i] === 0) widths[i] = rest;

  let page = doc.addPage([W, H]);
  let y = H - margin;
  page.drawText(title, { x: margin, y, size: 14, font: bold });
  y -= 16;
  page.drawText(
    `Generated ${generatedAt.toISOString().slice(0, 10)}. Duplicates not counted; days from receipt to response.`,
    { x: margin, y, size, font, color: rgb(0.3, 0.3, 0.3) },
  );
  y -= 22;
  const wrap = (text: string, width: number, f = font): string[] => {
    const out: string[] = [];
    for (const part of text.split('; ')) {
      let line = '';
      for (const word of part.split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (f.widthOfTextAtSize(next, size) > width - 4 && line) {
          out.push(line);
          line = word;
        } else line = next;
      }
      out.push(line);
    }
    return out;
  };
  table.forEach((row, r) => {
    const f = r === 0 ? bold : font;
    const cells = row.map((c, i) => wrap(c === null ? '—' : String(c), widths[i]!, f));
    const lines = Math.max(...cells.map((c) => c.length));
    const height = lines * (size + 2) + 4;
    if (y - height < margin) {
      page = doc.addPage([W, H]);
      y = H - margin;
    }
    let x = margin;
    cells.forEach((cell, i) => {
      cell.forEach((line, k) =>
        page.drawText(line, { x: x + 2, y: y - (k + 1) * (size + 2), size, font: f }),
      );
      x += widths[i]!;
    });
    y -= height;
    page.drawLine({
      start: { x: margin, y },
      end: { x: W - margin, y },
      thickness: r === 0 ? 0.8 : 0.3,
      color: rgb(0.6, 0.6, 0.6),
    });
  });
  return doc.save();
}
