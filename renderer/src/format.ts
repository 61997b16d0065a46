import { format } from 'date-fns';

/** Local date-time, unambiguous and sortable by eye. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : format(d, 'yyyy-MM-dd HH:mm:ss');
}

const STREAM_LABELS: Record<string, string> = {
  subjects: 'subjects',
  access_events: 'access events',
  requests: 'requests',
  request_events: 'request history',
};

export const streamLabel = (stream: string): string => STREAM_LABELS[stream] ?? stream;
