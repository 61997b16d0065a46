// `zta-console clocks`: the legal clocks of one request (docs/ARCHITECTURE.md §6, docs/legal-rules.md),
// printed as JSON. `--country CC` ends GDPR periods on the member state's public holidays too
// (Reg. 1182/71 Art. 3(4)); without it, weekends only.
import { ClockInputSchema, computeClocks, loadMemberStateHolidays } from '../../shared/clocks/index';
import { describeIssues } from '../../shared/zod-issues';
import { UsageError } from './output';

const FLAG: Record<string, string> = {
  jurisdiction: '--jurisdiction',
  receivedOn: '--received',
  type: '--type',
  extended: '--extended',
  country: '--country',
};

export async function runClocksCommand(opts: {
  jurisdiction: string;
  received: string;
  type?: string;
  extended?: boolean;
  country?: string;
}): Promise<void> {
  const parsed = ClockInputSchema.safeParse({
    jurisdiction: opts.jurisdiction,
    receivedOn: opts.received,
    ...(opts.type === undefined ? {} : { type: opts.type }),
    ...(opts.country === undefined ? {} : { country: opts.country }),
    extended: opts.extended === true,
  });
  if (!parsed.success) {
    throw new UsageError(describeIssues(parsed.error, { label: (path) => FLAG[path] ?? path }));
  }
  if (parsed.data.country) await loadMemberStateHolidays();
  const c = computeClocks(parsed.data);
  const out = {
    acknowledgeBy: c.acknowledgeBy,
    respondBy: c.respondBy,
    extensionNoticeBy: c.extensionNoticeBy,
    extendedRespondBy: c.extendedRespondBy,
    refuseBy: c.refuseBy,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}
