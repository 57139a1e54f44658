/**
 * Pan and zoom for the map (d3-zoom on the frame), without React: a gesture never re-renders.
 *
 * Rewriting the drawing's transform on every frame repaints all 500 nodes and 1,000 curves
 * (~35 fps in software-rendered Chromium). Instead the SVG sits in a composited layer (a div:
 * moving an SVG element itself also restyles it and re-walks its paint properties, ~1 ms more a
 * frame) larger than the frame (a margin on every side), drawn at the last "committed" transform;
 * during a gesture only the layer's CSS transform moves, and the compositor shifts the painted
 * bitmap. When the gesture ends, or nears the margin or has scaled the bitmap too far, the
 * transform is committed: one repaint at the new place and scale. The layer's size, position and
 * the committed transform are written here, not rendered by React, so a re-render never undoes
 * them.
 */
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useCallback, useLayoutEffect, useRef, type RefObject } from 'react';
import type { MapLayout } from './layout';

const MIN_SCALE = 0.03;
const MAX_SCALE = 4;
/** Below these scales labels are unreadable anyway: they are not drawn (map.css, `data-lod`). */
export const LOD_LABELS = 0.45;
const LOD_DETAIL = 0.22;
const lod = (k: number) => (k < LOD_DETAIL ? 'far' : k < LOD_LABELS ? 'mid' : 'near');

export interface MapZoom {
  /** The whole drawing in the frame. */
  fit(): void;
  zoomBy(factor: number): void;
  /** Brings a point of the drawing into view: centred when outside the middle of the frame (or asked to), nearer when tiny. */
  reveal(at: { x: number; y: number }, centre?: boolean): void;
  /** Where the gesture has taken the drawing (layout coordinates → the frame's pixels). */
  transform(): ZoomTransform;
}

export function useMapZoom(
  refs: {
    frame: RefObject<HTMLDivElement | null>;
    layer: RefObject<HTMLDivElement | null>;
    svg: RefObject<SVGSVGElement | null>;
    viewport: RefObject<SVGGElement | null>;
  },
  bounds: MapLayout['bounds'],
  /** Fit again when this changes (the layout kind); other changes of the drawing keep the view. */
  fitKey: string,
): MapZoom {
  const { frame: frameRef, layer: layerRef, svg: svgRef, viewport: viewportRef } = refs;
  const behaviour = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  /** Where the gesture is. */
  const current = useRef<ZoomTransform>(zoomIdentity);
  /** What the SVG is drawn at. */
  const committed = useRef<ZoomTransform>(zoomIdentity);
  const margin = useRef(0);
  const latestBounds = useRef(bounds);
  const fitted = useRef<{ wanted: string; done: string | null }>({ wanted: fitKey, done: null });

  const commit = useCallback(() => {
    const t = current.current;
    committed.current = t;
    viewportRef.current?.setAttribute('transform', `translate(${margin.current},${margin.current}) ${t.toString()}`);
    layerRef.current?.style.removeProperty('transform');
    svgRef.current?.setAttribute('data-lod', lod(t.k));
  }, [layerRef, svgRef, viewportRef]);

  const setTransform = useCallback(
    (transform: ZoomTransform) => {
      const frame = frameRef.current;
      if (frame && behaviour.current) select(frame).call(behaviour.current.transform, transform);
    },
    [frameRef],
  );

  const fit = useCallback(() => {
    const frame = frameRef.current;
    if (!frame || frame.clientWidth === 0 || frame.clientHeight === 0) return;
    const { clientWidth: width, clientHeight: height } = frame;
    const b = latestBounds.current;
    const k = Math.max(MIN_SCALE, Math.min(1.2, (Math.min(width / b.width, height / b.height) || 1) * 0.96));
    fitted.current.done = fitted.current.wanted;
    setTransform(zoomIdentity.translate(width / 2 - k * (b.x + b.width / 2), height / 2 - k * (b.y + b.height / 2)).scale(k));
  }, [frameRef, setTransform]);

  const zoomBy = useCallback(
    (factor: number) => {
      const frame = frameRef.current;
      if (frame && behaviour.current) select(frame).call(behaviour.current.scaleBy, factor);
    },
    [frameRef],
  );

  const reveal = useCallback(
    (at: { x: number; y: number }, centre = false) => {
      const frame = frameRef.current;
      if (!frame) return;
      const { clientWidth: width, clientHeight: height } = frame;
      const t = current.current;
      const [sx, sy] = t.apply([at.x, at.y]);
      const edge = 80;
      if (!centre && t.k >= LOD_LABELS && sx > edge && sx < width - edge && sy > edge && sy < height - edge) return;
      const k = Math.max(t.k, 0.9);
      setTransform(zoomIdentity.translate(width / 2 - k * at.x, height / 2 - k * at.y).scale(k));
    },
    [frameRef, setTransform],
  );

  const transform = useCallback(() => current.current, []);

  useLayoutEffect(() => {
    latestBounds.current = bounds;
  }, [bounds]);

  // A layout effect, so the behaviour and the layer's size are there before the first paint.
  useLayoutEffect(() => {
    const frame = frameRef.current;
    const layer = layerRef.current;
    const svg = svgRef.current;
    if (!frame || !layer || !svg) return;
    const move = (transform: ZoomTransform) => {
      current.current = transform;
      const base = committed.current;
      const scale = transform.k / base.k;
      const dx = transform.x - scale * base.x;
      const dy = transform.y - scale * base.y;
      const room = margin.current * 0.8;
      if (scale < 0.6 || scale > 1.6 || Math.abs(dx) > room || Math.abs(dy) > room) commit();
      else layer.style.setProperty('transform', `translate(${dx}px,${dy}px) scale(${scale})`);
    };
    const zoomer = zoom<HTMLDivElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .on('start', (event: { sourceEvent: Event | null }) => {
        // While the pointer pans, a layer over the drawing takes the pointer's hit tests (map.css).
        if (event.sourceEvent?.type === 'mousedown' || event.sourceEvent?.type === 'touchstart') frame.classList.add('is-panning');
      })
      .on('zoom', (event: { transform: ZoomTransform }) => move(event.transform))
      .on('end', () => {
        frame.classList.remove('is-panning');
        commit();
      });
    behaviour.current = zoomer;
    const selection = select(frame);
    selection.call(zoomer).on('dblclick.zoom', null);
    selection.property('__zoom', current.current);

    // The frame's size decides the layer's; a resize re-commits (the margin changed).
    let width = -1;
    let height = -1;
    const resize = () => {
      if (frame.clientWidth === width && frame.clientHeight === height) return;
      ({ clientWidth: width, clientHeight: height } = frame);
      const m = Math.ceil(Math.max(width, height) * 0.75);
      margin.current = m;
      svg.setAttribute('width', String(width + 2 * m));
      svg.setAttribute('height', String(height + 2 * m));
      layer.style.left = `${-m}px`;
      layer.style.top = `${-m}px`;
      layer.style.transformOrigin = `${m}px ${m}px`;
      commit();
      // A map first drawn while its frame had no size is fitted once it has one.
      if (fitted.current.done !== fitted.current.wanted) fit();
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(frame);
    return () => {
      observer.disconnect();
      selection.on('.zoom', null);
      behaviour.current = null;
    };
  }, [frameRef, layerRef, svgRef, commit, fit]);

  // Fit when the map first appears and when the layout kind changes; later edits keep the view.
  useLayoutEffect(() => {
    fitted.current.wanted = fitKey;
    if (fitted.current.done !== fitKey) fit();
  }, [fitKey, fit]);

  return { fit, zoomBy, reveal, transform };
}
