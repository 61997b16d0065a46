import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { reportPdf } from '../../main/core/reports/report-pdf';
import { computeReport } from '../../shared/reports';
import { REPORT_FIXTURES, REPORT_YEAR } from '../helpers/report-fixtures';

describe('printable report', () => {
  it('is a PDF titled with the report and its year, one landscape page', async () => {
    for (const kind of ['ccpa-7102', 'gdpr'] as const) {
      const bytes = await reportPdf(
        computeReport(kind, REPORT_FIXTURES, REPORT_YEAR),
        new Date('2026-02-01'),
      );
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      const doc = await PDFDocument.load(bytes);
      expect(doc.getTitle()).toMatch(new RegExp(`${kind === 'gdpr' ? 'GDPR' : '§7102'}.*${REPORT_YEAR}$`));
      expect(doc.getPageCount()).toBe(1);
      const { width, height } = doc.getPage(0).getSize();
      expect(width).toBeGreaterThan(height);
    }
  });

  it('adds pages when the reasons run long', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      ...REPORT_FIXTURES[3]!,
      id: `x${i}`,
      denialBasis: (['ccpa-7024-d', 'ccpa-7024-c', 'not-verified', 'ccpa-1798.145-h-3'] as const)[i % 4]!,
    }));
    const base = computeReport('ccpa-7102', many, REPORT_YEAR);
    // Every exemption code (24) cited in every row: one line each, more than a page in all.
    const reasons = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`reason-${i}`, i + 1]));
    for (const row of Object.values(base.report.categories)) row.deniedByReason = reasons;
    const doc = await PDFDocument.load(await reportPdf(base));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });
});
