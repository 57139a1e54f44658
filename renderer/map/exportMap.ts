/**
 * The map as a file: a standalone SVG (valid XML, every style written into attributes, so it
 * looks the same outside the app, in the theme it was exported from) and a PNG drawn from it.
 * The live map is styled by map.css; the export copies each element's computed style instead of
 * the stylesheet, because an SVG file opened elsewhere has no access to it (and the CSP forbids
 * inline <style> in the page anyway).
 */
import type { Box } from './layout';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Inherited presentation properties: written only where an element differs from its parent. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
] as const;

export interface ExportHeading {
  title: string;
  lines: string[];
}

export interface ExportedSvg {
  text: string;
  width: number;
  height: number;
}

const HEADING_LINE = 20;
/** Left of the heading's text. */
const HEADING_INDENT = 16;
/** Room around the drawing for what a bounding box leaves out: label halos, ring and focus strokes. */
const STROKE_ROOM = 8;

/**
 * The exported picture's frame in map coordinates: the drawing's real extents (labels
 * included) with room for strokes, under the heading, and at least as wide as the heading's
 * longest line. Framing by where people sit instead cut long labels at the edges.
 */
export function exportFrame(drawing: Box, heading: { lines: number; width: number }): Box {
  const top = heading.lines * HEADING_LINE + HEADING_LINE * 2;
  const x = Math.floor(drawing.x - STROKE_ROOM);
  const y = Math.floor(drawing.y - STROKE_ROOM - top);
  return {
    x,
    y,
    width: Math.ceil(Math.max(drawing.x + drawing.width + STROKE_ROOM - x, heading.width + 2 * HEADING_INDENT)),
    height: Math.ceil(drawing.y + drawing.height + STROKE_ROOM - y),
  };
}

/**
 * A standalone SVG document of the whole map (not just what is on screen): the drawing at scale
 * 1, framed by what is drawn, under a heading (account, date, status and its reasons).
 */
export function mapSvgDocument(svg: SVGSVGElement, heading: ExportHeading): ExportedSvg {
  // Labels hidden at far zoom must be in the file (and in its frame): compute styles as if zoomed in.
  const lod = svg.getAttribute('data-lod');
  svg.setAttribute('data-lod', 'near');
  try {
    const viewport = svg.querySelector<SVGGElement>('.smap-viewport');
    const drawing = viewport?.getBBox() ?? { x: 0, y: 0, width: 0, height: 0 };
    const lines = [heading.title, ...heading.lines];
    const frame = exportFrame(drawing, { lines: heading.lines.length, width: Math.max(0, ...lines.map((line, i) => textWidth(svg, line, i === 0))) });

    const clone = svg.cloneNode(true) as SVGSVGElement;
    const sources = [svg, ...svg.querySelectorAll('*')];
    const targets = [clone, ...clone.querySelectorAll('*')];
    const computed = sources.map((element) => getComputedStyle(element));
    const index = new Map<Element, number>(sources.map((element, i) => [element, i]));
    const drop: Element[] = [];
    sources.forEach((source, i) => {
      const target = targets[i]!;
      const style = computed[i]!;
      if (style.display === 'none' || style.visibility === 'hidden') {
        drop.push(target);
        return;
      }
      const parentStyle = source.parentElement && index.has(source.parentElement) ? computed[index.get(source.parentElement)!] : undefined;
      for (const property of INHERITED) {
        const value = style.getPropertyValue(property);
        if (value && (!parentStyle || parentStyle.getPropertyValue(property) !== value || source === svg)) target.setAttribute(property, value);
      }
      if (style.opacity !== '1') target.setAttribute('opacity', style.opacity);
      // What only the live page needs: focus order, test hooks, classes of a stylesheet the file lacks.
      for (const name of [...target.getAttributeNames()]) {
        if (name === 'class' || name === 'tabindex' || name.startsWith('data-') || name === 'style') target.removeAttribute(name);
      }
    });
    for (const element of drop) element.remove();

    const { x, y, width, height } = frame;
    clone.setAttribute('xmlns', SVG_NS);
    clone.setAttribute('version', '1.1');
    clone.setAttribute('viewBox', `${x} ${y} ${width} ${height}`);
    clone.setAttribute('width', String(width));
    clone.setAttribute('height', String(height));
    clone.removeAttribute('role');
    clone.setAttribute('role', 'img');
    clone.querySelector(':scope > g')?.removeAttribute('transform');
    const background = clone.querySelector(':scope > rect');
    if (background) {
      background.setAttribute('x', String(x));
      background.setAttribute('y', String(y));
      background.setAttribute('width', String(width));
      background.setAttribute('height', String(height));
    }
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = heading.title;
    clone.insertBefore(title, clone.firstChild);
    const textColour = getComputedStyle(svg).getPropertyValue('color') || '#1b2330';
    const block = document.createElementNS(SVG_NS, 'g');
    block.setAttribute('font-family', getComputedStyle(svg).fontFamily);
    block.setAttribute('fill', textColour);
    lines.forEach((line, i) => block.append(headingText(line, i, x, y)));
    clone.append(block);
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
    return { text, width, height };
  } finally {
    if (lod) svg.setAttribute('data-lod', lod);
    else svg.removeAttribute('data-lod');
  }
}

/** Line `i` of the heading (the first is the title, bigger and bold), placed in the frame at (x, y). */
function headingText(line: string, i: number, x: number, y: number): SVGTextElement {
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(x + HEADING_INDENT));
  text.setAttribute('y', String(y + HEADING_LINE * (i + 1.2)));
  text.setAttribute('font-size', i === 0 ? '16' : '12');
  if (i === 0) text.setAttribute('font-weight', '600');
  text.textContent = line;
  return text;
}

/** How wide a heading line is drawn, measured in the live SVG (in its font) and removed again. */
function textWidth(svg: SVGSVGElement, line: string, title: boolean): number {
  const text = headingText(line, title ? 0 : 1, 0, 0);
  svg.append(text);
  try {
    return text.getComputedTextLength();
  } finally {
    text.remove();
  }
}

/** Chromium's canvas limits: 32,767 px a side and about 268 million pixels in all. */
const MAX_SIDE = 16_384;
const MAX_AREA = 120_000_000;

/** The exported SVG drawn onto a canvas, at `scale` (smaller when the canvas would be too big). */
export async function svgToPng(svg: ExportedSvg, scale = 2): Promise<Blob> {
  const fit = Math.min(scale, MAX_SIDE / svg.width, MAX_SIDE / svg.height, Math.sqrt(MAX_AREA / (svg.width * svg.height)));
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(svg.width * fit));
    canvas.height = Math.max(1, Math.floor(svg.height * fit));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name from the account's name and a date: letters, digits and CJK kept, the rest dashes. */
export function exportFileName(account: string, date: string, extension: 'svg' | 'png'): string {
  const base = account
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'account'}-map-${date}.${extension}`;
}
