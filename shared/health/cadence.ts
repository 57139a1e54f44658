/**
 * A person's agreed contact cadence, typed freely in Chinese or English ('每月', '季度', '每两周一次',
 * 'monthly', 'every 2 weeks', 'twice a month'), as a number of days. Text it cannot read is no
 * cadence (null): the cadence indicator then ignores the person rather than guess.
 */

/** Days of one unit. Months, quarters and years are rounded to whole days. */
const UNIT_DAYS = { day: 1, week: 7, fortnight: 14, halfmonth: 15, month: 30, quarter: 91, halfyear: 182, year: 365 } as const;
type Unit = keyof typeof UNIT_DAYS;

const ZH_UNITS: Record<string, Unit> = {
  天: 'day',
  日: 'day',
  周: 'week',
  週: 'week',
  星期: 'week',
  礼拜: 'week',
  禮拜: 'week',
  半月: 'halfmonth',
  半个月: 'halfmonth',
  月: 'month',
  季: 'quarter',
  季度: 'quarter',
  半年: 'halfyear',
  年: 'year',
};
const ZH_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 双: 2, 雙: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** '3', '十二', '二十', '两' → a number; null when it is none. */
function zhNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (Object.hasOwn(ZH_DIGITS, text)) return ZH_DIGITS[text]!;
  const ten = /^([一二两三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(text);
  if (ten) return (ten[1] ? ZH_DIGITS[ten[1]]! : 1) * 10 + (ten[2] ? ZH_DIGITS[ten[2]]! : 0);
  return null;
}

const ZH_NUMBER = '[0-9零〇一二两兩双雙三四五六七八九十]+';
const ZH_UNIT = '半个月|半月|半年|季度|星期|礼拜|禮拜|[天日周週月季年]';
/** [每|每隔|隔] [N] [个] unit[度] [N次|一次|…] */
const ZH_PATTERN = new RegExp(`^(每隔|每|隔)?(${ZH_NUMBER})?(?:个|個)?(${ZH_UNIT})度?(?:(${ZH_NUMBER})次)?$`);
/** Words around the cadence that do not change it: '联系', '拜访一次', '左右'. */
const ZH_NOISE = /(至少|大约|大概|左右|一次|联系|聯繫|拜访|拜訪|沟通|溝通|见面|見面|会面|會面|跟进|跟進|回访|回訪|[，,。.、；;:：!！~～()（）\s])/g;

function parseChinese(text: string): number | null {
  const cleaned = text
    .replace(ZH_NOISE, '')
    // '每周二' (every Tuesday), '每月初' (early each month): the day does not change the cadence.
    .replace(/(周|週|星期|礼拜|禮拜)[一二三四五六日天]$/, '$1')
    .replace(/月[初底中末]$/, '月');
  const match = ZH_PATTERN.exec(cleaned);
  if (!match) return null;
  const [, prefix, amount, unitText, perPeriod] = match;
  const unit = ZH_UNITS[unitText!];
  if (!unit) return null;
  let every = amount ? zhNumber(amount) : 1;
  if (every === null || every <= 0) return null;
  // '隔周' / '隔月' / '每隔一周': every other week or month.
  if ((prefix === '隔' || prefix === '每隔') && every === 1) every = 2;
  const per = perPeriod ? zhNumber(perPeriod) : 1;
  if (per === null || per <= 0) return null;
  return (every * UNIT_DAYS[unit]) / per;
}

const EN_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  other: 2,
  second: 2,
};
const EN_UNITS: Record<string, Unit> = {
  day: 'day',
  week: 'week',
  fortnight: 'fortnight',
  month: 'month',
  quarter: 'quarter',
  'half year': 'halfyear',
  halfyear: 'halfyear',
  'half a year': 'halfyear',
  'six months': 'halfyear',
  year: 'year',
};
const EN_WORDS: Record<string, number> = {
  daily: 1,
  weekly: 7,
  biweekly: 14,
  fortnightly: 14,
  semimonthly: 15,
  monthly: 30,
  bimonthly: 60,
  quarterly: 91,
  semiannual: 182,
  semiannually: 182,
  halfyearly: 182,
  biannual: 182,
  biannually: 182,
  yearly: 365,
  annual: 365,
  annually: 365,
};

function enNumber(text: string | undefined): number | null {
  if (text === undefined) return 1;
  if (/^\d+$/.test(text)) return Number(text);
  return EN_NUMBERS[text] ?? null;
}

const EN_UNIT = '(half a year|half year|halfyear|six months|day|week|fortnight|month|quarter|year)s?';
const EN_NUMBER = `(\\d+|${Object.keys(EN_NUMBERS).join('|')})`;
const EN_EVERY = new RegExp(`^(?:every|each|per|once every|once each|once per)\\s+(?:${EN_NUMBER}\\s+)?${EN_UNIT}$`);
const EN_TIMES = new RegExp(`^(once|twice|thrice|${EN_NUMBER}\\s+times?)\\s+(?:a|an|per|every|each)\\s+${EN_UNIT}$`);
const EN_PLAIN = new RegExp(`^(\\d+)\\s+${EN_UNIT}$`);

function parseEnglish(text: string): number | null {
  const words = text
    .replace(/\b(semi|bi|half)[\s-]+(weekly|monthly|annual|annually|yearly)\b/g, '$1$2')
    .replace(/[.,;:!()]/g, ' ')
    .replace(/\b(at least|about|around|roughly|contact|meet(ing)?|call|visit)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (Object.hasOwn(EN_WORDS, words)) return EN_WORDS[words]!;
  const every = EN_EVERY.exec(words);
  if (every) {
    const n = enNumber(every[1]);
    const unit = EN_UNITS[every[2]!];
    return n && unit ? n * UNIT_DAYS[unit] : null;
  }
  const times = EN_TIMES.exec(words);
  if (times) {
    const per = times[1] === 'once' ? 1 : times[1] === 'twice' ? 2 : times[1] === 'thrice' ? 3 : enNumber(times[2]);
    const unit = EN_UNITS[times[3]!];
    return per && unit ? UNIT_DAYS[unit] / per : null;
  }
  const plain = EN_PLAIN.exec(words);
  if (plain) {
    const unit = EN_UNITS[plain[2]!];
    return unit ? Number(plain[1]) * UNIT_DAYS[unit] : null;
  }
  return null;
}

const memo = new Map<string, number | null>();
const MEMO_LIMIT = 2000;

/**
 * The cadence in days (fractional for 'twice a week'), or null for empty or unreadable text.
 * Deterministic; results are memoised, since a team types the same few phrases on every person.
 */
export function parseCadence(text: string | null | undefined): number | null {
  if (!text) return null;
  const cached = memo.get(text);
  if (cached !== undefined || memo.has(text)) return cached ?? null;
  const normal = text.normalize('NFKC').trim().toLowerCase();
  let days = normal === '' ? null : /[\u3400-\u9fff]/.test(normal) ? parseChinese(normal) : parseEnglish(normal);
  if (days !== null && !(days > 0 && days <= 3650)) days = null;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, days);
  return days;
}
