// `zta-console clocks`: the legal clocks of one request (DESIGN.md §6), printed as JSON.
import { AppError } from '../../shared/errors';
import { ClockInputSchema, computeClocks, describeIssues } from '../../shared/clocks/index';

const FLAG: Record<string, string> = {
  jurisdiction: '--jurisdiction',
  receivedOn: '--received',
  type: '--type',
  extended: '--extended',
};

export function runClocksCommand(opts: {
  jurisdiction: string;
  received: string;
  type?: string;
  extended?: boolean;
}): void {
  const parsed = ClockInputSchema.safeParse({
    jurisdiction: opts.jurisdiction,
    receivedOn: opts.received,
    ...(opts.type === undefined ? {} : { type: opts.type }),
    extended: opts.extended === true,
  });
  if (!parsed.success) {
    throw new AppError(
      'E_VALIDATION',
      describeIssues(parsed.error, (path) => FLAG[path] ?? path),
    );
  }
  const c = computeClocks(parsed.data);
  const out = {
    acknowledgeBy: c.acknowledgeBy,
    respondBy: c.respondBy,
    extensionNoticeBy: c.extensionNoticeBy,
    extendedRespondBy: c.extendedRespondBy,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}
