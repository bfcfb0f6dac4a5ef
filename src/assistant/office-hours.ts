/**
 * When the office's staff answer chats: weekly opening times in one time zone (no holidays). Read from
 * config OFFICE_HOURS, e.g. "mon-fri 08:30-12:00,14:30-17:30; sat 09:00-12:00". The zone is configurable
 * (OFFICE_TIMEZONE), so the wall clock is read with Intl; the days ahead are counted by the clock's arithmetic.
 */
import { addDays, CHINA_TIME_ZONE, isoDate } from '../clock.js';

export const DEFAULT_OFFICE_HOURS = 'mon-fri 08:30-12:00,14:30-17:30';
export const DEFAULT_OFFICE_TIMEZONE = CHINA_TIME_ZONE;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Minutes since local midnight, [start, end). */
interface Span {
  start: number;
  end: number;
}

interface Group {
  days: number[];
  spans: Span[];
}

export class OfficeHoursError extends Error {
  override name = 'OfficeHoursError';
}

const clock = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;

function minutes(text: string, spec: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const value = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || value > 24 * 60) throw new OfficeHoursError(`工作时间“${spec}”中的“${text}”不是时刻，应写成 08:30`);
  return value;
}

function dayIndex(text: string, spec: string): number {
  const i = DAYS.indexOf(text.toLowerCase() as (typeof DAYS)[number]);
  if (i < 0) throw new OfficeHoursError(`工作时间“${spec}”中的“${text}”不是星期，应为 mon tue wed thu fri sat sun`);
  return i;
}

/** "mon-fri", "sat", "mon,wed,fri" → day numbers (0 = Sunday). */
function parseDays(text: string, spec: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const from = dayIndex(a!, spec);
    const to = b === undefined ? from : dayIndex(b, spec);
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return [...out];
}

/** "周一至周五", "周六", "周一、周三": consecutive days as a range. */
function daysText(days: number[]): string {
  // Monday first, as a Chinese week is read.
  const order = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const runs: number[][] = [];
  for (const d of order) {
    const run = runs.at(-1);
    if (run && (run.at(-1)! + 1) % 7 === d) run.push(d);
    else runs.push([d]);
  }
  return runs.map((r) => (r.length >= 3 ? `${DAY_NAMES[r[0]!]}至${DAY_NAMES[r.at(-1)!]}` : r.map((d) => DAY_NAMES[d]).join('、'))).join('、');
}

export class OfficeHours {
  private constructor(
    private readonly groups: Group[],
    readonly timeZone: string,
    private readonly parts: Intl.DateTimeFormat,
  ) {}

  /** Throws OfficeHoursError (a Chinese message) for a malformed schedule or an unknown time zone. */
  static parse(spec: string, timeZone: string = DEFAULT_OFFICE_TIMEZONE): OfficeHours {
    let parts: Intl.DateTimeFormat;
    try {
      parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    } catch {
      throw new OfficeHoursError(`时区“${timeZone}”无效，应如 Asia/Shanghai`);
    }
    const groups: Group[] = [];
    for (const chunk of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\S+)\s+(\S+)$/.exec(chunk);
      if (!m) throw new OfficeHoursError(`工作时间“${chunk}”格式有误，应如 mon-fri 08:30-12:00,14:30-17:30`);
      const spans = m[2]!.split(',').map((s) => {
        const [a, b] = s.split('-');
        if (b === undefined) throw new OfficeHoursError(`工作时间“${chunk}”中的“${s}”应写成 开始-结束，如 08:30-12:00`);
        const span = { start: minutes(a!, chunk), end: minutes(b, chunk) };
        if (span.end <= span.start) throw new OfficeHoursError(`工作时间“${chunk}”中的“${s}”结束早于开始`);
        return span;
      });
      groups.push({ days: parseDays(m[1]!, chunk), spans: spans.sort((x, y) => x.start - y.start) });
    }
    if (!groups.length) throw new OfficeHoursError('工作时间为空，应如 mon-fri 08:30-12:00,14:30-17:30');
    return new OfficeHours(groups, timeZone, parts);
  }

  /** "周一至周五 8:30–12:00、14:30–17:30". */
  describe(): string {
    return this.groups.map((g) => `${daysText(g.days)} ${g.spans.map((s) => `${clock(s.start)}–${clock(s.end)}`).join('、')}`).join('；');
  }

  private local(at: Date): { weekday: number; minute: number; y: number; m: number; d: number } {
    const p = Object.fromEntries(this.parts.formatToParts(at).map((x) => [x.type, x.value]));
    const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
    return { weekday, minute: Number(p.hour) * 60 + Number(p.minute), y: Number(p.year), m: Number(p.month), d: Number(p.day) };
  }

  private spansOn(weekday: number): Span[] {
    return this.groups.filter((g) => g.days.includes(weekday)).flatMap((g) => g.spans).sort((a, b) => a.start - b.start);
  }

  isOpen(at: Date): boolean {
    const l = this.local(at);
    return this.spansOn(l.weekday).some((s) => s.start <= l.minute && l.minute < s.end);
  }

  /** The next time staff start answering after `at` (local wall clock), or undefined for an empty week. */
  nextOpening(at: Date): { daysAhead: number; weekday: number; minute: number; month: number; day: number } | undefined {
    const l = this.local(at);
    for (let ahead = 0; ahead <= 7; ahead++) {
      const weekday = (l.weekday + ahead) % 7;
      const span = this.spansOn(weekday).find((s) => ahead > 0 || s.start > l.minute);
      if (!span) continue;
      const date = addDays(isoDate(l.y, l.m, l.d), ahead);
      return { daysAhead: ahead, weekday, minute: span.start, month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
    }
    return undefined;
  }

  /** "今天 14:30", "明天（周五）8:30", "12月7日（周一）8:30". */
  nextOpeningText(at: Date): string | undefined {
    const n = this.nextOpening(at);
    if (!n) return undefined;
    const day = n.daysAhead === 0 ? '今天' : n.daysAhead === 1 ? `明天（${DAY_NAMES[n.weekday]}）` : `${n.month}月${n.day}日（${DAY_NAMES[n.weekday]}）`;
    return `${day}${day.endsWith('）') ? '' : ' '}${clock(n.minute)}`;
  }
}
