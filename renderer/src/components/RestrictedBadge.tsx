// The "Restricted processing" badge (GDPR Art. 18): shown wherever a restricted subject appears.
import type { SubjectRestriction } from '../../../shared/domain';
import { localDateTime } from '../format';

export function RestrictedBadge({
  restriction,
  pending = false,
}: {
  restriction: SubjectRestriction | null;
  pending?: boolean;
}) {
  const title = restriction
    ? `Restricted since ${localDateTime(restriction.since)} by ${restriction.by}`
    : 'Processing restricted (GDPR Art. 18)';
  return (
    <span className="badge badge-restricted" title={title}>
      Restricted processing{pending ? ' (pending)' : ''}
    </span>
  );
}
