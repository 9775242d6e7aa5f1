/**
 * Drag out a region of the screenshot; letting go shares it. Enter shares the whole screen,
 * Esc cancels. The region is answered in the picture's pixels (the picture fills the window, so
 * a HiDPI screen's picture is larger than the window by its scale factor).
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { OverlayApi, OverlayPicture, Region } from '../../shared/overlay';

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Picture pixels per window pixel, read when the drag started. */
  sx: number;
  sy: number;
}

/** Smaller than this (window pixels) is a click, not a region. */
const MIN_DRAG = 4;

const box = (d: Drag) => ({
  left: Math.min(d.x0, d.x1),
  top: Math.min(d.y0, d.y1),
  width: Math.abs(d.x1 - d.x0),
  height: Math.abs(d.y1 - d.y0),
});

export function RegionOverlay({ api }: { api: OverlayApi }) {
  const [picture, setPicture] = useState<OverlayPicture | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const answered = useRef(false);
  const surface = useRef<HTMLDivElement>(null);

  const finish = (region: Region | null) => {
    if (answered.current) return;
    answered.current = true;
    api.done(region);
  };

  useEffect(() => {
    api
      .picture()
      .then(setPicture, (err: unknown) =>
        setError(`The screenshot could not be shown: ${String(err)}. Press Esc and try again.`),
      );
  }, [api]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') finish(null);
      else if (e.key === 'Enter' && picture) {
        finish({ x: 0, y: 0, width: picture.width, height: picture.height });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const toPicture = (d: Drag): Region | null => {
    if (!picture) return null;
    const b = box(d);
    if (b.width < MIN_DRAG || b.height < MIN_DRAG) return null;
    const { sx, sy } = d;
    const x = Math.max(0, Math.round(b.left * sx));
    const y = Math.max(0, Math.round(b.top * sy));
    return {
      x,
      y,
      width: Math.max(1, Math.min(picture.width - x, Math.round(b.width * sx))),
      height: Math.max(1, Math.min(picture.height - y, Math.round(b.height * sy))),
    };
  };

  const at = (e: PointerEvent) => {
    const r = surface.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 || !picture) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const p = at(e);
    const el = surface.current!;
    setDrag({
      x0: p.x,
      y0: p.y,
      x1: p.x,
      y1: p.y,
      sx: picture.width / el.clientWidth,
      sy: picture.height / el.clientHeight,
    });
  };
  const onMove = (e: PointerEvent) => {
    if (!drag) return;
    const p = at(e);
    setDrag({ ...drag, x1: p.x, y1: p.y });
  };
  const onUp = (e: PointerEvent) => {
    if (!drag) return;
    const p = at(e);
    const region = toPicture({ ...drag, x1: p.x, y1: p.y });
    setDrag(null);
    if (region) finish(region);
  };

  const selected = drag ? box(drag) : null;
  const size = drag ? toPicture(drag) : null;
  return (
    <div
      ref={surface}
      className="region-overlay"
      data-testid="region-overlay"
      data-ready={picture ? 'true' : 'false'}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
    >
      {picture ? (
        <img className="region-overlay__picture" src={picture.url} alt="" draggable={false} />
      ) : null}
      <div className={`region-overlay__shade${selected ? ' region-overlay__shade--clear' : ''}`} />
      {selected ? (
        <div
          className="region-overlay__selection"
          data-testid="region-selection"
          style={{
            left: selected.left,
            top: selected.top,
            width: selected.width,
            height: selected.height,
          }}
        >
          {size ? (
            <span className="region-overlay__size">
              {size.width} × {size.height}
            </span>
          ) : null}
        </div>
      ) : null}
      <p className="region-overlay__hint" role="status">
        {error ?? 'Drag to choose what to share · Enter shares the whole screen · Esc cancels'}
      </p>
    </div>
  );
}
