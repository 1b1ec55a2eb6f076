// Drives headless Chromium (Debian's `chromium`) to load a report page: its DOM after scripts ran, or a screenshot.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The Chromium binary: `CHROMIUM_PATH`, else the usual Debian locations; undefined when none is installed. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

// Without the background-networking switches Chromium tries to reach Google's hosts at every start.
const HEADLESS_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

async function withProfile<T>(use: (flags: string[]) => Promise<T>): Promise<T> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "openledger-chromium-"));
  try {
    return await use([...HEADLESS_FLAGS, `--user-data-dir=${profile}`]);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** Loads `htmlFile` and returns the DOM as serialised after its scripts ran. */
export async function dumpDom(chromium: string, htmlFile: string): Promise<string> {
  return withProfile(async (flags) => {
    const { stdout } = await run(
      chromium,
      [...flags, "--virtual-time-budget=5000", "--dump-dom", pathToFileURL(path.resolve(htmlFile)).href],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
    );
    return stdout;
  });
}

/** Saves a PNG screenshot of `htmlFile` at the given window size. */
export async function screenshot(chromium: string, htmlFile: string, pngFile: string, size = "1150,1500") {
  await withProfile((flags) =>
    run(
      chromium,
      [
        ...flags,
        "--hide-scrollbars",
        `--window-size=${size}`,
        `--screenshot=${path.resolve(pngFile)}`,
        pathToFileURL(path.resolve(htmlFile)).href,
      ],
      { timeout: 60_000 },
    ),
  );
}
