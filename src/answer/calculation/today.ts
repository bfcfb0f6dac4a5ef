/**
 * Today's date where the users are. "今年", "至今" and every pro-rating count in China's calendar: between
 * 00:00 and 08:00 Beijing time the UTC date is still yesterday.
 */
const CHINA = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of `now` in Asia/Shanghai. */
export function chinaDate(now: Date = new Date()): string {
  return CHINA.format(now);
}
