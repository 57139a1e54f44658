/**
 * The PDF text layer's mending (electron/services/pdf-text.ts) on ToUnicode maps as Chromium
 * writes them: radicals and glyph twins named back to the characters a document means, in single
 * mappings and in ranges, and nothing else touched. The e2e plan test reads a real printed PDF.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bundleDir } from '../../electron/host/paths';
import { meant, mendPdfText, mendPdfTextOnThread, mendToUnicode } from '../../electron/services/pdf-text';

const cmap = (body: string) =>
  [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<00> <FF>',
    'endcodespacerange',
    body,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');

/** The mappings of a CMap, source → text, whichever form they are written in. */
function mappings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
  for (const [, body] of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of body!.matchAll(/<([0-9A-F]+)>\s*<([0-9A-F]*)>/gi)) out.set(src!.toUpperCase(), utf16(dst!));
  for (const [, body] of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const line of body!.split('\n').filter((l) => l.trim())) {
      const [lo, hi, ...rest] = [...line.matchAll(/<([0-9A-F]*)>/gi)].map((m) => m[1]!);
      const width = lo!.length;
      for (let i = 0; i <= parseInt(hi!, 16) - parseInt(lo!, 16); i++) {
        const src = (parseInt(lo!, 16) + i).toString(16).toUpperCase().padStart(width, '0');
        if (line.includes('[')) out.set(src, utf16(rest[i]!));
        else out.set(src, String.fromCharCode(parseInt(rest[0]!, 16) + i));
      }
    }
  return out;
}

/** A one-page PDF with one font whose ToUnicode map is `toUnicode`. */
async function pdfWith(toUnicode: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const map = doc.context.register(doc.context.flateStream(toUnicode));
  doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'AAAAAA+NotoSansCJKsc-Regular', ToUnicode: map }));
  return doc.save();
}

/** The ToUnicode maps of a PDF's fonts, as text. */
async function toUnicodeMaps(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  const maps: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const ref = object instanceof PDFDict ? object.get(PDFName.of('ToUnicode')) : undefined;
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    if (stream instanceof PDFRawStream) maps.push(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'));
  }
  return maps;
}

describe('the PDF text layer, mended', () => {
  it('names each radical and glyph twin by the character it draws, and no ordinary character otherwise', () => {
    expect([...'⼀⼈⼤⼯⽅⽇⽉⻓⻋⻔⻅⼾㬵⺡'].map(meant).join('')).toBe('一人大工方日月长车门见户胶氵');
    // Every Chinese character of GBK (Chinese Excel's and Windows' code page) that is not itself a
    // radical stands for itself.
    const gbk = new TextDecoder('gb18030');
    const changed: string[] = [];
    for (let hi = 0x81; hi <= 0xfe; hi++)
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const c = gbk.decode(new Uint8Array([hi, lo]));
        const code = c.codePointAt(0)!;
        if (/\p{Script=Han}/u.test(c) && !(code >= 0x2e80 && code <= 0x2fdf) && meant(c) !== c) changed.push(c);
      }
    expect(changed).toEqual([]);
  });

  it('mends single mappings in place and keeps the others, the count and the rest of the map as written', () => {
    const before = cmap(['4 beginbfchar', '<0D> <5B3F>', '<35> <2F45>', '<36> <00660069>', '<37> <2F3E>', 'endbfchar'].join('\n'));
    const after = mendToUnicode(before);
    expect(after).toContain('4 beginbfchar');
    expect(after.startsWith(before.slice(0, before.indexOf('4 beginbfchar')))).toBe(true);
    expect(mappings(after)).toEqual(
      new Map([
        ['0D', '嬿'],
        ['35', '方'],
        ['36', 'fi'],
        ['37', '户'],
      ]),
    );
  });

  it('writes out a range that holds a radical as single mappings, in blocks of at most a hundred, and keeps the other ranges', () => {
    // 0x2F00 … 0x2F95: ⼀ … ⾕, 150 Kangxi radicals in one range; then a range of ordinary characters and one in array form.
    const before = cmap(['3 beginbfrange', '<0100> <0195> <2F00>', '<0200> <0202> <5B3F>', '<0300> <0301> [<2F45> <0041>]', 'endbfrange'].join('\n'));
    const after = mendToUnicode(before);
    expect(after).toMatch(/1 beginbfrange\n<0200> <0202> <5B3F>\nendbfrange/);
    for (const [, count] of after.matchAll(/(\d+) beginbfchar/g)) expect(Number(count)).toBeLessThanOrEqual(100);
    const mapped = mappings(after);
    expect(mapped.size).toBe(150 + 3 + 2);
    expect(mapped.get('0100')).toBe('一');
    expect(mapped.get('0108')).toBe('人');
    expect(mapped.get('0195')).toBe(String.fromCodePoint(0x2f95).normalize('NFKC'));
    expect(mapped.get('0201')).toBe('孀');
    expect(mapped.get('0300')).toBe('方');
    expect(mapped.get('0301')).toBe('A');
    expect([...mapped.values()].join('')).not.toMatch(/[\u2e80-\u2fdf]/u);
  });

  it('mends a PDF on a thread of its own, as the desktop app does, and gives the PDF as printed when that thread cannot run', async () => {
    const worker = join(bundleDir, 'pdf-worker.cjs');
    expect(existsSync(worker)).toBe(true); // npm run build makes it; npm test builds first
    const printed = await pdfWith(cmap(['2 beginbfchar', '<35> <2F45>', '<36> <5B3F>', 'endbfchar'].join('\n')));
    const [map] = await toUnicodeMaps(await mendPdfTextOnThread(printed, worker));
    expect(mappings(map!)).toEqual(
      new Map([
        ['35', '方'],
        ['36', '嬿'],
      ]),
    );
    expect(await mendPdfTextOnThread(printed, join(bundleDir, 'no-such-worker.cjs'))).toBe(printed);
  });

  it('leaves a map with nothing to mend, and a file it cannot read, exactly as they were', async () => {
    const plain = cmap(['2 beginbfchar', '<01> <0041>', '<02> <5B3F>', 'endbfchar', '1 beginbfrange', '<10> <20> <4E00>', 'endbfrange'].join('\n'));
    expect(mendToUnicode(plain)).toBe(plain);
    const junk = new TextEncoder().encode('%PDF-1.7 not really');
    expect(await mendPdfText(junk)).toBe(junk);
  });
});
