/**
 * Headless Chromium for the console's browser tests and scripts/console/screenshots.ts: Debian's
 * `chromium` package (scripts/chromium/install.sh installs it), driven by playwright-core, which
 * downloads no browser of its own. `STEPSTONE_CHROMIUM` names another binary.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium binary to drive, if one is installed. */
export function chromiumPath(): string | undefined {
  const named = process.env.STEPSTONE_CHROMIUM;
  if (named !== undefined && named !== '') return named;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Starts headless Chromium (`executablePath`, else the one found); throws, saying how to install it, when there is none. */
export async function launchChromium(executablePath = chromiumPath()): Promise<Browser> {
  if (executablePath === undefined) {
    throw new Error(
      'No Chromium found: run scripts/chromium/install.sh (apt-get install chromium) or set STEPSTONE_CHROMIUM',
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
}
