/**
 * The region overlay's contract: main shows a screenshot full-screen, the person drags out a
 * region (Esc cancels), and the page answers with it in the picture's own pixels.
 */
import { z } from 'zod';

export const RegionSchema = z
  .object({
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    width: z.number().int().min(1),
    height: z.number().int().min(1),
  })
  .strict();
export type Region = z.infer<typeof RegionSchema>;

/** The picture to choose from: a PNG data URL and its size in pixels. */
export interface OverlayPicture {
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/** What the overlay page sees on `window.overlay`. */
export interface OverlayApi {
  picture(): Promise<OverlayPicture>;
  /** The chosen region, or null: cancelled. */
  done(region: Region | null): void;
}
