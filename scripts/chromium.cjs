// Debian's Chromium (apt-get install chromium), as the browser tests and the bench launch it
// through playwright-core: headless, in a fresh profile, with nothing reaching out to the network
// on its own (the machines this runs on reach no browser download either).
const { chromium } = require('playwright-core');

const CHROMIUM_PATH = '/usr/bin/chromium';

/** Launches it; playwright gives every launch a fresh, empty profile directory of its own. */
function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

module.exports = { CHROMIUM_PATH, launchChromium };
