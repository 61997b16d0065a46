// Time units and windows of the seeded data, shared by the generator's modules.
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Access events fall within this many days before `now`. */
export const EVENT_WINDOW_DAYS = 30;
/** Privacy requests are received within this many days before `now`. */
export const REQUEST_WINDOW_DAYS = 56;

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
