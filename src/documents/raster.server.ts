// Chart SVG → PNG without a browser. Word 2016+ shows the SVG a DOCX carries, older Word and LibreOffice
// show the PNG fallback the format requires beside it (decision 0090). resvg compiled to WebAssembly
// (@resvg/resvg-wasm, MPL-2.0, no native binary, no system fonts read) rasterises the ECharts SVG with the
// sans font we hand it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as ResvgTypes from '@resvg/resvg-wasm';
import { sansFontBuffers } from './fonts.server';

const require = createRequire(import.meta.url);
type ResvgModule = typeof ResvgTypes;

let ready: Promise<ResvgModule> | null = null;
function resvg(): Promise<ResvgModule> {
  ready ??= (async () => {
    const mod = (await import('@resvg/resvg-wasm')) as ResvgModule;
    await mod.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return mod;
  })();
  return ready;
}

/** Renders an SVG to a PNG `scale` times its own size (2 gives print-quality 144 dpi for a 72-dpi layout). */
export async function svgToPng(svg: string, widthPx: number): Promise<Uint8Array> {
  const mod = await resvg();
  const fonts = sansFontBuffers();
  const r = new mod.Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(widthPx) },
    font: {
      fontBuffers: fonts.buffers,
      loadSystemFonts: false,
      defaultFontFamily: fonts.family,
      sansSerifFamily: fonts.family,
    },
    background: '#ffffff',
  });
  try {
    const img = r.render();
    try {
      return img.asPng();
    } finally {
      img.free();
    }
  } finally {
    r.free();
  }
}
