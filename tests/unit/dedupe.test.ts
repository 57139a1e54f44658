/**
 * Duplicate keys and candidate pairs (shared/dedupe): real company names in their Chinese and Latin
 * forms, full-width and traditional characters, people by name within an account, phone and e-mail.
 */
import { describe, expect, it } from 'vitest';
import {
  AccountIndex,
  accountPairs,
  companyKeys,
  emailKey,
  matchAccount,
  matchPerson,
  MAX_BLOCK,
  PeopleIndex,
  peoplePairs,
  personKeys,
  phoneKey,
  scoreOf,
} from '../../shared/dedupe';

describe('company names', () => {
  it.each([
    ['宁德时代新能源科技股份有限公司', '宁德时代'],
    ['華為', '华为'],
    ['华为技术有限公司', '华为'],
    ['ＡＢＣ', 'ABC'],
    ['ABC Inc.', 'abc'],
    ['阿里巴巴（中国）有限公司', '阿里巴巴'],
    ['阿里巴巴(中国)网络技术有限公司', '阿里巴巴'],
    ['Siemens AG', 'siemens'],
    ['Robert Bosch GmbH', 'robert bosch'],
    ['海尔集团公司', '海尔'],
    ['美的集团股份有限公司', '美的'],
    ['Alibaba (China) Co., Ltd.', 'alibaba'],
  ])('%s has the core of %s', (a, b) => {
    expect(companyKeys(a).core).toBe(companyKeys(b).core);
    expect(companyKeys(a).core).not.toBe('');
  });

  it.each([
    ['Huawei Technologies Co., Ltd.', '华为技术有限公司'],
    ['Alibaba Group Holding Limited', '阿里巴巴集团'],
    ['HAIER', '海尔集团'],
  ])('%s is spelled like %s in pinyin', (latin, chinese) => {
    expect(companyKeys(latin).latin).toBe(companyKeys(chinese).latin);
  });

  it.each([
    ['华为', '中兴通讯'],
    ['Siemens', 'Schneider Electric'],
    ['上海电气', '上海汽车'],
  ])('%s and %s stay apart', (a, b) => {
    expect(companyKeys(a).core).not.toBe(companyKeys(b).core);
    expect(companyKeys(a).latin).not.toBe(companyKeys(b).latin);
  });

  it('keeps a name made only of generic words', () => {
    expect(companyKeys('科技有限公司').core).toBe('科技');
    expect(companyKeys('The Group Ltd').core).not.toBe('');
  });
});

describe('people, phones and e-mail', () => {
  it('meets a Chinese name and its pinyin in either order, and traditional characters', () => {
    expect(personKeys('王伟').latin).toBe(personKeys('Wang Wei').latin);
    expect(personKeys('王伟').latin).toBe(personKeys('Wei WANG').latin);
    expect(personKeys('張偉').name).toBe(personKeys('张伟').name);
    expect(personKeys('Anna  Schmidt').name).toBe(personKeys('schmidt anna').name);
  });

  it.each([
    ['张晓明', 'Zhang Xiaoming'],
    ['张晓明', 'Xiaoming ZHANG'],
    ['张晓明', 'Zhang Xiao-Ming'],
    ['张晓明', 'Zhang Xiao Ming'],
    ['曾毓群', 'Zeng Yuqun'],
    ['单雄信', 'Shan Xiongxin'],
    ['欧阳娜娜', 'Nana Ouyang'],
    ['吕芳', 'Lü Fang'],
    ['吕芳', 'Lu Fang'],
  ])('meets %s spelled as %s (a given name of two syllables, a family name read as one)', (chinese, latin) => {
    expect(personKeys(chinese).latin).toBe(personKeys(latin).latin);
  });

  it('keeps apart names whose syllables differ, and Latin names that are not pinyin', () => {
    expect(personKeys('张晓明').latin).not.toBe(personKeys('Zhang Xiaomin').latin);
    expect(personKeys('曾伟').latin).not.toBe(personKeys('Ceng Wei').latin);
    expect(personKeys('Anna Schmidt').latin).toBe(personKeys('Schmidt Anna').latin);
    expect(personKeys('Anna Schmidt').latin).not.toBe(personKeys('Anna Schmitt').latin);
  });

  it('reads phones as digits without the +86 prefix, and e-mail in lower case', () => {
    expect(phoneKey('+86 138-0013-8000')).toBe('13800138000');
    expect(phoneKey('0086 13800138000')).toBe('13800138000');
    expect(phoneKey('(138) 0013 8000')).toBe('13800138000');
    expect(phoneKey('１３８００１３８０００')).toBe('13800138000');
    expect(phoneKey('ext. 12')).toBeNull();
    expect(emailKey(' Zhang.Wei@Example.COM ')).toBe('zhang.wei@example.com');
    expect(emailKey('not an address')).toBeNull();
  });
});

describe('candidate pairs', () => {
  it('pairs the same company written five ways, with a score and the reasons', () => {
    const pairs = accountPairs([
      { id: 'catl', name: '宁德时代新能源科技股份有限公司' },
      { id: 'catl2', name: '宁德时代' },
      { id: 'hw-trad', name: '華為' },
      { id: 'hw-en', name: 'Huawei Technologies Co., Ltd.' },
      { id: 'hw', name: '华为技术有限公司' },
      { id: 'zte', name: '中兴通讯股份有限公司' },
    ]);
    const byPair = new Map(pairs.map((p) => [`${p.a}|${p.b}`, p]));
    expect(byPair.get('catl|catl2')).toMatchObject({ score: 0.9, reasons: ['same_name'] });
    expect(byPair.get('hw|hw-trad')).toMatchObject({ reasons: ['same_name'] });
    expect(byPair.get('hw-en|hw-trad')).toMatchObject({ score: 0.8, reasons: ['same_name_spelled'] });
    expect(byPair.get('hw|hw-en')).toMatchObject({ reasons: ['same_name_spelled'] });
    expect(pairs.some((p) => p.a === 'zte' || p.b === 'zte')).toBe(false);
    expect(pairs).toHaveLength(4);
    // Best first.
    expect(pairs.map((p) => p.score)).toEqual([...pairs.map((p) => p.score)].sort((x, y) => y - x));
  });

  it('finds a name contained in another and an alias', () => {
    const pairs = accountPairs([
      { id: 'a', name: '比亚迪' },
      { id: 'b', name: '比亚迪汽车工业有限公司' },
      { id: 'c', name: 'Build Your Dreams', aliases: ['BYD'] },
      { id: 'd', name: 'BYD Company Limited' },
    ]);
    expect(pairs.find((p) => p.a === 'a' && p.b === 'b')).toMatchObject({ reasons: ['name_contains'] });
    expect(pairs.find((p) => p.a === 'c' && p.b === 'd')).toMatchObject({ reasons: ['same_name'] });
  });

  it('pairs people by name within an account only, by phone and e-mail anywhere, and adds the reasons up', () => {
    const pairs = peoplePairs([
      { id: 'p1', accountId: 'A', name: '张伟', phone: '+86 138 0013 8000', email: 'zw@catl.com' },
      { id: 'p2', accountId: 'A', name: 'Zhang Wei', phone: '13800138000', email: 'ZW@catl.com' },
      { id: 'p3', accountId: 'B', name: '张伟', phone: null, email: null },
      { id: 'p4', accountId: 'A', name: '李娜', phone: null, email: null },
    ]);
    expect(pairs).toEqual([
      {
        kind: 'people',
        a: 'p1',
        b: 'p2',
        score: scoreOf(['same_phone', 'same_email', 'same_name_spelled_in_account']),
        reasons: ['same_phone', 'same_email', 'same_name_spelled_in_account'],
      },
    ]);
    expect(pairs[0]!.score).toBeGreaterThan(0.95);
  });

  it('leaves out a key shared by too many records (a switchboard number)', () => {
    const people = Array.from({ length: MAX_BLOCK + 1 }, (_, i) => ({ id: `p${i}`, accountId: `A${i}`, name: `Person ${i}`, phone: '021-5555-0000' }));
    expect(peoplePairs(people)).toEqual([]);
  });

  it('matches a draft against existing records for the create forms', () => {
    expect(
      matchAccount('宁德时代', [
        { id: 'x', name: '宁德时代新能源科技股份有限公司' },
        { id: 'y', name: '比亚迪' },
      ]),
    ).toEqual([{ id: 'x', score: 0.9, reasons: ['same_name'] }]);
    expect(matchPerson({ accountId: 'A', name: '王芳', email: 'WF@x.cn' }, [{ id: 'q', accountId: 'B', name: 'Fang Wang', email: 'wf@x.cn' }])).toEqual([
      { id: 'q', score: 0.95, reasons: ['same_email'] },
    ]);
  });
});

describe('matching one record against an index (the create form, an import row after row)', () => {
  const NAMES = [
    '宁德时代新能源科技股份有限公司',
    '宁德时代',
    '宁德时代电池(中国)有限公司',
    '華為技術有限公司',
    '华为',
    'Huawei Technologies Co., Ltd.',
    '比亚迪股份有限公司',
    'BYD Company Limited',
    '比亚迪汽车',
    'Siemens AG',
    'Siemens Healthineers',
    '西门子',
    '中国石化',
    '中国石油',
    '中国',
  ];
  const accounts = NAMES.map((name, i) => ({ id: `a${String(i).padStart(2, '0')}`, name }));

  it('finds for each account what the pairs among all of them pair it with', () => {
    const pairs = accountPairs(accounts);
    for (const account of accounts) {
      const others = accounts.filter((a) => a.id !== account.id);
      const expected = pairs
        .filter((p) => p.a === account.id || p.b === account.id)
        .map((p) => ({ id: p.a === account.id ? p.b : p.a, reasons: [...p.reasons].sort() }))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
      const found = matchAccount(account.name, others)
        .map((m) => ({ id: m.id, reasons: [...m.reasons].sort() }))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(found, account.name).toEqual(expected);
    }
  });

  it('an index grown one account at a time matches as one built at once', () => {
    const grown = new AccountIndex();
    for (const account of accounts.slice(0, 8)) grown.add(account);
    expect(grown.match('宁德时代')).toEqual(matchAccount('宁德时代', accounts.slice(0, 8)));
    const people = [
      { id: 'p1', accountId: 'x', name: '张伟', phone: '138 0000 0001', email: null },
      { id: 'p2', accountId: 'x', name: 'Zhang Wei', phone: null, email: 'zw@example.cn' },
      { id: 'p3', accountId: 'y', name: '李娜', phone: '+86 13800000001', email: 'ZW@example.cn' },
    ];
    const index = new PeopleIndex();
    for (const p of people) index.add(p);
    const draft = { accountId: 'x', name: '张伟', phone: '13800000001', email: 'zw@example.cn' };
    expect(index.match(draft)).toEqual(matchPerson(draft, people));
    expect(
      index
        .match(draft)
        .map((m) => m.id)
        .sort(),
    ).toEqual(['p1', 'p2', 'p3']);
  });
});
