/**
 * Text widths for the graph's layout, measured with the fonts the stylesheet draws in.
 */
import type { Measure } from '../model/layout.js';

/** The console's sans-serif fonts (the stylesheet uses the same list). */
export const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", system-ui, sans-serif';

const FONTS: Readonly<Record<Parameters<Measure>[1], string>> = {
  name: `600 13px ${FONT_FAMILY}`,
  caption: `12px ${FONT_FAMILY}`,
  label: `11px ${FONT_FAMILY}`,
};

let context: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();

/** The width of `text` in pixels, in the style it is drawn in. */
export const measureText: Measure = (text, style) => {
  const key = `${style}\u0000${text}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  context ??= document.createElement('canvas').getContext('2d');
  let width = text.length * 7;
  if (context !== null) {
    context.font = FONTS[style];
    width = context.measureText(text).width;
  }
  cache.set(key, width);
  return width;
};
