/**
 * The deadline of a citizen's request (GDPR art. 12(3)): answer within one month of receipt, which
 * may be extended by two further months where necessary. Months are calendar months counted from
 * the day of receipt in Danish time (Europe/Copenhagen): received 31 January, the deadline is the last
 * day of February; received 30 March, it is 30 April. A request received on a Saturday, Sunday or
 * holiday is counted from that day all the same. Deadlines are dates (the whole day counts), never
 * instants, so a clock change between receipt and deadline moves nothing.
 */

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

/** How long the municipality has to answer, and how far it may extend (GDPR art. 12(3)). */
export const REQUEST_DEADLINE_MONTHS = 1;
export const REQUEST_EXTENSION_MONTHS = 2;

const COPENHAGEN_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date an instant falls on in Denmark (a request sent at 23:30 UTC on 31 Jan is received 1 Feb). */
export function copenhagenDate(at: Date): IsoDate {
  const parts = Object.fromEntries(COPENHAGEN_DATE.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

function splitDate(date: IsoDate): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `date` plus `months` calendar months; a day the target month does not have becomes its last day
 * (31 January + 1 month = 28 or 29 February).
 */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = splitDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

/** The first deadline of a request received at `receivedAt`: one calendar month after its Danish date. */
export function requestDeadline(receivedAt: Date): IsoDate {
  return addCalendarMonths(copenhagenDate(receivedAt), REQUEST_DEADLINE_MONTHS);
}

/** The latest date an extension may set: two further months, i.e. three months from receipt. */
export function latestExtendedDeadline(receivedAt: Date): IsoDate {
  return addCalendarMonths(copenhagenDate(receivedAt), REQUEST_DEADLINE_MONTHS + REQUEST_EXTENSION_MONTHS);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = splitDate(from);
  const [ty, tm, td] = splitDate(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** Days left until the deadline, counted in Danish dates: 0 on the day itself, negative when overdue. */
export function daysLeft(deadline: IsoDate, now: Date): number {
  return daysBetween(copenhagenDate(now), deadline);
}

/** Whether an open request's deadline has passed (the deadline day itself is still in time). */
export function isOverdue(deadline: IsoDate, now: Date): boolean {
  return daysLeft(deadline, now) < 0;
}

export type ExtensionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: 'already_extended' | 'not_later' | 'too_late' };

/**
 * Whether a request's deadline may be moved to `newDeadline`: once only, later than the current
 * deadline, and no later than three months from receipt (GDPR art. 12(3)).
 */
export function checkExtension(
  receivedAt: Date,
  currentDeadline: IsoDate,
  newDeadline: IsoDate,
  alreadyExtended: boolean,
): ExtensionCheck {
  if (alreadyExtended) return { ok: false, error: 'already_extended' };
  if (daysBetween(currentDeadline, newDeadline) <= 0) return { ok: false, error: 'not_later' };
  if (daysBetween(latestExtendedDeadline(receivedAt), newDeadline) > 0)
    return { ok: false, error: 'too_late' };
  return { ok: true };
}
