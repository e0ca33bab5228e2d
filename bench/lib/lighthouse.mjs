// Lighthouse (mobile and desktop presets, performance only) against the reference page with
// and without each widget: the performance score and total blocking time.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, FLAGS } from './browser.mjs';

export async function lighthouseScores(origin, variants) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS.map((f) => (f === '--headless' ? '--headless=new' : f)) });
  const out = {};
  try {
    for (const widget of variants) {
      out[widget] = {};
      for (const preset of ['mobile', 'desktop']) {
        const result = await lighthouse(`${origin}/article?widget=${widget}`,
          { port: chrome.port, output: 'json', onlyCategories: ['performance'], logLevel: 'error' },
          preset === 'desktop' ? desktopConfig : undefined);
        const lhr = result.lhr;
        out[widget][preset] = {
          score: Math.round((lhr.categories.performance.score ?? 0) * 100),
          tbt: Math.round(lhr.audits['total-blocking-time'].numericValue ?? 0),
        };
      }
    }
  } finally {
    await chrome.kill();
  }
  return out;
}
