/**
 * Name, phone and e-mail keys for finding duplicates: pure functions, no store.
 *
 * A company name is folded to its core: full-width to half-width (NFKC), a small table of common
 * traditional characters to simplified, case, punctuation, the region in brackets ((中国), (China)),
 * legal forms (有限公司, 股份有限公司, Co., Ltd., Inc., GmbH, …), group words (集团, Group) and
 * generic industry words (科技, 新能源, Technologies, …). Its Latin key is the core in pinyin (or
 * Latin letters as written), so 华为 and Huawei meet.
 */
import { pinyin } from 'pinyin-pro';

/**
 * Traditional → simplified for characters common in company and person names (pinyin covers the
 * rest), and in a sheet's headers and words from Taiwan or Hong Kong (客戶名稱, 職稱, 決策者).
 */
const TRADITIONAL =
  (
    '華华為为東东國国際际電电氣气車车門门開开發发資资產产業业貿贸財财務务銀银鐵铁鋼钢礦矿農农藥药醫医療疗廣广廠厂機机網网絡络軟软體体數数據据計计訊讯聯联運运輸输環环張张偉伟陳陈劉刘楊杨黃黄趙赵吳吴鄭郑孫孙馬马許许鄧邓蕭萧葉叶蘇苏盧卢韓韩謝谢羅罗錢钱龍龙' +
    '戶户稱称職职話话郵邮號号態态級级階阶區区額额銷销備备註注類类間间內内題题問问負负責责經经購购採采決决響响關关係系強强狀状單单構构織织組组見见議议訪访營营當当權权線线壓压戰战'
  ).match(/../gu) ?? [];
const SIMPLIFIED: ReadonlyMap<string, string> = new Map(TRADITIONAL.map((pair) => [pair[0]!, pair[1]!] as const));

export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += SIMPLIFIED.get(ch) ?? ch;
  return out;
}

/** Full-width to half-width, compatibility forms folded, lower case, traditional → simplified. */
export function fold(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase()).trim();
}

// Longest first: 股份有限公司 before 有限公司 before 公司.
const CJK_FORMS = ['股份有限公司', '有限责任公司', '有限公司', '股份公司', '集团公司', '控股集团', '集团', '控股', '公司', '分公司', '总公司'].sort(
  (a, b) => b.length - a.length,
);
const CJK_GENERIC = ['新能源', '科技', '技术', '信息', '网络', '电子', '实业', '发展', '国际', '贸易', '中国'];
const LATIN_FORMS = new Set([
  'co',
  'company',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'gmbh',
  'ag',
  'sa',
  'llc',
  'plc',
  'bv',
  'group',
  'holding',
  'holdings',
  'the',
  'technology',
  'technologies',
  'tech',
  'international',
  'intl',
  'china',
]);
/** A region in brackets: (中国), (China), （上海） after NFKC. */
const REGION = /\((中国|china|prc|上海|北京|深圳|广州|香港|hong kong)\)/g;

function stripCjk(text: string, words: readonly string[]): string {
  let out = text;
  for (const word of words) out = out.split(word).join(' ');
  return out;
}

/** The core of a company name (Chinese characters and Latin words, legal forms and region gone), or '' when nothing is left. */
export function companyCore(name: string): string {
  let text = fold(name).replace(REGION, ' ');
  text = stripCjk(text, CJK_FORMS);
  const stripped = stripCjk(text, CJK_GENERIC);
  // Keep a generic word when it is all there is (a company called 科技有限公司 stays 科技).
  if (/[\p{L}\p{N}]/u.test(stripped)) text = stripped;
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const kept = words.filter((w) => !LATIN_FORMS.has(w));
  return (kept.length > 0 ? kept : words).join('');
}

/** Letters and digits only, Chinese characters spelled in toneless pinyin: `华为` → `huawei`. */
export function latinOf(text: string): string {
  const spelled = /[\u3400-\u9fff]/u.test(text) ? pinyin(text, { toneType: 'none', separator: '', nonZh: 'consecutive', v: true }) : text;
  return spelled.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Names repeat (张伟 in many accounts, every check of the create form): each is keyed once. Cleared when it grows past this. */
const CACHE_LIMIT = 200_000;

export interface CompanyKeys {
  core: string;
  latin: string;
}

const companyCache = new Map<string, CompanyKeys>();

export function companyKeys(name: string): CompanyKeys {
  let keys = companyCache.get(name);
  if (!keys) {
    const core = companyCore(name);
    keys = { core, latin: latinOf(core) };
    if (companyCache.size >= CACHE_LIMIT) companyCache.clear();
    companyCache.set(name, keys);
  }
  return keys;
}

/**
 * Keys worked out elsewhere for these names (an import's rows, checked on a thread ahead of the
 * writes): taken as companyKeys and personKeys would work them out, which they are.
 */
export function primeKeys(kind: 'accounts' | 'people', name: string, keys: CompanyKeys | PersonKeys): void {
  const cache: Map<string, unknown> = kind === 'accounts' ? companyCache : personCache;
  if (cache.has(name)) return;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, keys);
}

export interface PersonKeys {
  name: string;
  latin: string;
}

const HAN = /[\u3400-\u9fff]/u;
const personCache = new Map<string, PersonKeys>();

/** The toneless pinyin syllables (ü as u): what a Latin spelling of a Chinese name is made of. */
const SYLLABLES = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen ' +
    'cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian ' +
    'diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu ' +
    'gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin ' +
    'jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li ' +
    'lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu ' +
    'na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nue nuo o ou pa pai pan pang pao pei pen peng pi pian ' +
    'piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui ' +
    'run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song ' +
    'sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi ' +
    'xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei ' +
    'zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);

/**
 * A Latin word as pinyin syllables (`xiaoming` → xiao, ming), the fewest that spell it (the longer
 * first on a tie); the word itself when it is not pinyin (`schmidt`).
 */
function syllablesOf(word: string): string[] {
  // best[i]: the fewest syllables spelling word[0, i), and the start of the last one.
  const best: ({ count: number; from: number } | null)[] = [{ count: 0, from: 0 }];
  for (let end = 1; end <= word.length; end++) {
    best[end] = null;
    for (let from = Math.max(0, end - 6); from < end; from++) {
      const before = best[from];
      if (!before || !SYLLABLES.has(word.slice(from, end))) continue;
      if (!best[end] || before.count + 1 < best[end]!.count) best[end] = { count: before.count + 1, from };
    }
  }
  if (!best[word.length]) return [word];
  const out: string[] = [];
  for (let end = word.length; end > 0; end = best[end]!.from) out.unshift(word.slice(best[end]!.from, end));
  return out;
}

/** Syllables as one key, in any order they were written: letters and digits only, sorted. */
const spelled = (syllables: string[]): string =>
  syllables
    .map((x) => x.replace(/[^a-z0-9]+/g, ''))
    .filter(Boolean)
    .sort()
    .join('');

/**
 * A person's name: folded, spaces and dots gone (`name`: Latin words sorted, so "Anna Schmidt"
 * meets "Schmidt Anna"); and its spelling (`latin`): the pinyin syllables, sorted, so that 张晓明
 * meets Zhang Xiaoming, Xiaoming Zhang and Zhang Xiao-Ming. A Chinese name's first character is
 * read as a family name (曾 zeng, 单 shan, 解 xie), as the Latin spelling of that name would be.
 */
export function personKeys(name: string): PersonKeys {
  const hit = personCache.get(name);
  if (hit) return hit;
  const folded = fold(name);
  const words = folded.split(/[\s.·•,]+/u).filter(Boolean);
  let keys: { name: string; latin: string };
  // Lü as written in pinyin with its diacritic, Lu as in a passport: one spelling.
  const latinWords = words.map((w) => w.replace(/ü/g, 'u'));
  if (latinWords.every((w) => /^[a-z0-9'-]+$/.test(w))) {
    keys = { name: [...words].sort().join(' '), latin: spelled(latinWords.flatMap((w) => syllablesOf(w.replace(/[^a-z0-9]+/g, '')))) };
  } else {
    const key = words.join('');
    const syllables = HAN.test(key)
      ? pinyin(key, { toneType: 'none', type: 'array', v: true, surname: 'head' }).map((x) => x.replace(/v/g, 'u'))
      : [latinOf(key)];
    keys = { name: key, latin: spelled(syllables) };
  }
  if (personCache.size >= CACHE_LIMIT) personCache.clear();
  personCache.set(name, keys);
  return keys;
}

/** Digits only; China's +86 / 0086 prefix dropped. Null when too short to mean anything (an extension). */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.normalize('NFKC').replace(/\D+/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits.length >= 7 ? digits : null;
}

export function emailKey(email: string | null | undefined): string | null {
  if (!email) return null;
  const key = email.normalize('NFKC').trim().toLowerCase();
  return key.includes('@') ? key : null;
}
