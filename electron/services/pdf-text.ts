/**
 * The text layer of a PDF Chromium prints, mended so that Chinese text copies, searches and reads
 * aloud as it was written.
 *
 * A CJK font often draws two code points with one glyph: 方 and the Kangxi radical ⽅, 长 and the
 * radical form ⻓, 胶 and the rare 㬵. A PDF names each glyph's text in the font's ToUnicode map,
 * and Chromium (Skia) fills that map by walking the font's code points upwards, keeping the first
 * one per glyph: the radical (U+2E80–U+2FDF) or the rarer twin, which sorts first. The page looks
 * right, but its text says ⼀⼈⼤⼯⽅⻓⻋⻔: 225 of the 6,763 characters of GB 2312 with Noto Sans
 * CJK SC, among them 一, 人, 大, 工, 方, 门, 长, 车 and 户 (measured by printing every GBK
 * character and reading the text back with pdf.js). Copying 客户方案 from an account plan gave
 * 客⼾⽅案, and a search for it found nothing.
 *
 * Mending maps each such code point back to the character a document means: a radical by its
 * compatibility decomposition (NFKC) where it has one, the rest by the table below (the radical
 * supplement forms and the twins found so, each to the ordinary character that shares its glyph).
 * Two ordinary characters that share a glyph (墫 and 壿) cannot be told apart and are left alone.
 * Radicals and these twins stand for themselves in no account plan; the glyphs, and so what is
 * printed, do not change.
 */
import { Worker } from 'node:worker_threads';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

/**
 * Text-layer code point → the character it draws, pairwise: what NFKC does not give. From Noto
 * Sans CJK SC over the GBK range; ⼾ (U+2F3E) decomposes to the traditional 戶, but the glyph it
 * shares in a simplified font is 户's.
 */
const TWINS = new Map(
  (
    '⺃乚⺂乛⻲亀⺏尣㬺幐⺔彑⻫斉⺛旡㫚曶㮣槩⺞歺⺤爫⻉贝⻓长⻋车⻮齿⻜飞⻛风⻯竜⻣骨⻤鬼⼾户⻩黄⺯糹⻅见㬵胶⻆角⺱罓⻰龙⺹耂' +
    '⻧卤⻢马⻨麦⻔门⺠民⻦鸟⻬齐⻘青⻝食⺒巳⻙韦⻚页⻥鱼⺉刂⺅亻⻈讠⻖阝⺾艹⺐尢⺘扌⺨犭⻠饣⺖忄⺦丬⺡氵⻌辶⺕彐⺰纟⺓幺⻑長⻒镸' +
    '⺙攵⺣灬⺭礻⺺肀⻐钅⻟飠⻂衤⻪黾⻱龜'
  )
    .match(/../gu)!
    .map((pair) => [...pair] as [string, string]),
);

/** The character a text-layer code point stands for. */
export function meant(char: string): string {
  const twin = TWINS.get(char);
  if (twin) return twin;
  const code = char.codePointAt(0)!;
  // Radicals: the Kangxi ones (and two supplement forms) decompose to their ideograph.
  if (code >= 0x2e80 && code <= 0x2fdf) return char.normalize('NFKC');
  return char;
}

/** Text as a ToUnicode destination: its UTF-16 code units (a JavaScript string's own), in hex. */
function hexOf(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return hex;
}

/** A ToUnicode destination (`<00540065>`: UTF-16BE) as text; null when it is not whole UTF-16. */
function textOf(hex: string): string | null {
  if (hex.length % 4 !== 0) return null;
  const units: number[] = [];
  for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

const mendText = (text: string): string => [...text].map(meant).join('');

/** Whether a destination (UTF-16BE hex) names a code point to mend. */
function needsMending(dst: string): boolean {
  const text = textOf(dst);
  return text !== null && mendText(text) !== text;
}

/** A destination mended, as hex again. */
function mendedHex(dst: string): string {
  const text = textOf(dst);
  return text === null ? dst : hexOf(mendText(text));
}

/** One `bfrange` line (`<lo> <hi> <dst>` or `<lo> <hi> [<d1> <d2> …]`) as its single mappings, when it is one. */
function rangeEntries(line: string): [string, string][] | null {
  const m = /^<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])$/.exec(line.trim());
  if (!m) return null;
  const width = m[1]!.length;
  const lo = parseInt(m[1]!, 16);
  const hi = parseInt(m[2]!, 16);
  if (hi < lo || hi - lo > 0xffff) return null;
  const source = (i: number) => (lo + i).toString(16).toUpperCase().padStart(width, '0');
  const entries: [string, string][] = [];
  if (m[4] !== undefined) {
    const targets = [...m[4].matchAll(/<([0-9A-Fa-f]*)>/g)].map((t) => t[1]!);
    if (targets.length !== hi - lo + 1) return null;
    targets.forEach((dst, i) => entries.push([source(i), dst]));
    return entries;
  }
  // `<lo> <hi> <dst>`: consecutive destinations, the last UTF-16 unit counting up.
  const dst = m[3]!;
  if (dst.length % 4 !== 0 || dst.length === 0) return null;
  const head = dst.slice(0, -4);
  const last = parseInt(dst.slice(-4), 16);
  for (let i = 0; i <= hi - lo; i++) entries.push([source(i), head + (last + i).toString(16).toUpperCase().padStart(4, '0')]);
  return entries;
}

/**
 * A ToUnicode CMap with every destination mended (see `meant`). Entries that need nothing stay
 * as written; a range that holds one is written out as single mappings. Unchanged text when there
 * is nothing to mend (or the map is not one this understands).
 */
export function mendToUnicode(cmap: string): string {
  const singles: [string, string][] = [];
  let changed = false;
  // Ranges first: one that holds a code point to mend becomes single mappings (mended below).
  let out = cmap.replace(/(\d+)\s+beginbfrange([\s\S]*?)endbfrange/g, (block, _count: string, body: string) => {
    const kept: string[] = [];
    let split = false;
    for (const line of body.split(/\r?\n/).filter((l) => l.trim())) {
      const entries = rangeEntries(line);
      if (entries?.some(([, dst]) => needsMending(dst))) {
        singles.push(...entries);
        split = true;
      } else kept.push(line.trim());
    }
    if (!split) return block;
    changed = true;
    return kept.length === 0 ? '' : `${kept.length} beginbfrange\n${kept.join('\n')}\nendbfrange`;
  });
  out = out.replace(/(\d+)\s+beginbfchar([\s\S]*?)endbfchar/g, (block, _count: string, body: string) => {
    let touched = false;
    const lines = body
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((line) => {
        const m = /^\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>\s*$/.exec(line);
        if (!m || !needsMending(m[2]!)) return line.trim();
        touched = true;
        return `<${m[1]}> <${mendedHex(m[2]!)}>`;
      });
    if (!touched) return block;
    changed = true;
    return `${lines.length} beginbfchar\n${lines.join('\n')}\nendbfchar`;
  });
  if (!changed) return cmap;
  // The single mappings from split ranges, in blocks of at most 100 (the CMap format's limit).
  let blocks = '';
  for (let i = 0; i < singles.length; i += 100) {
    const part = singles.slice(i, i + 100).map(([src, dst]) => `<${src}> <${mendedHex(dst)}>`);
    blocks += `${part.length} beginbfchar\n${part.join('\n')}\nendbfchar\n`;
  }
  return blocks ? out.replace(/endcmap/, `${blocks}endcmap`) : out;
}

/**
 * A PDF with the ToUnicode map of each of its fonts mended (`mendToUnicode`); everything else as
 * printed. A file it cannot read comes back as it was: the text layer is a convenience, the PDF
 * the user asked for is not withheld over it.
 */
export async function mendPdfText(pdf: Uint8Array): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch {
    return pdf;
  }
  const done = new Set<string>();
  let mended = false;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const ref = object.get(PDFName.of('ToUnicode'));
    if (!(ref instanceof PDFRef) || done.has(ref.toString())) continue;
    done.add(ref.toString());
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    let cmap: string;
    try {
      cmap = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    } catch {
      continue;
    }
    const fixed = mendToUnicode(cmap);
    if (fixed === cmap) continue;
    doc.context.assign(ref, doc.context.flateStream(Buffer.from(fixed, 'latin1')));
    mended = true;
  }
  if (!mended) return pdf;
  try {
    return await doc.save();
  } catch {
    return pdf;
  }
}

/**
 * `mendPdfText` on a thread of its own (pdf-worker.ts, bundled to out/electron/pdf-worker.cjs):
 * a long plan takes a few hundred ms to read and write again, which the desktop app's main process
 * spends answering its windows instead. The PDF as printed when the thread fails.
 */
export function mendPdfTextOnThread(pdf: Uint8Array, workerFile: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    let thread: Worker;
    try {
      thread = new Worker(workerFile, { workerData: pdf });
    } catch {
      resolve(pdf);
      return;
    }
    thread.once('message', (mended: Uint8Array) => resolve(mended));
    thread.once('error', (error) => {
      console.error('[rapport] the printed PDF’s text layer could not be mended; saved as printed:', error.message);
      resolve(pdf);
    });
    thread.once('exit', () => resolve(pdf));
  });
}
