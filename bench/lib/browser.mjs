// Debian's Chromium through playwright-core, with the flags this machine needs.
import { chromium } from '../../node_modules/playwright-core/index.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}
