// One production build for the whole benchmark, served from a private copy: `next build` writes
// .next, then the bench copies it (without the build cache) into a temporary app folder that links
// back to this project's node_modules and config. Another `next build` in the tree (an e2e run)
// can then no longer swap the build under a running benchmark.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCommand, sleep } from "./processes";

export async function nextBuild(root: string, log: (message: string) => void, isAborted: () => boolean): Promise<number> {
  const nextBin = path.join(root, "node_modules/next/dist/bin/next");
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const { seconds } = await runCommand(process.execPath, [nextBin, "build"], { cwd: root, env, timeoutMs: 15 * 60_000 });
      return seconds;
    } catch (error) {
      if (attempt >= attempts || isAborted()) throw error;
      // Someone else's half-written file (or build) breaks the build now and then: wait, try again.
      log(`next build failed (attempt ${attempt} of ${attempts}): ${(error as Error).message.split("\n").slice(-3).join(" ")}; retrying in 120 s`);
      await sleep(120_000);
    }
  }
}

export interface BuildSnapshot {
  /** An app folder to pass to `next start <dir>`. */
  dir: string;
  buildId: string;
  remove(): void;
}

const readBuildId = (dist: string) => readFileSync(path.join(dist, "BUILD_ID"), "utf8").trim();

/** Copies .next (minus cache and dev output) into a temporary app folder. */
export function snapshotBuild(root: string): BuildSnapshot {
  const dist = path.join(root, ".next");
  if (!existsSync(path.join(dist, "BUILD_ID"))) throw new Error("no production build in .next (run without --skip-build)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "orgdesk-bench-app-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const before = readBuildId(dist);
    const skip = new Set([path.join(dist, "cache"), path.join(dist, "dev")]);
    // .next/node_modules holds relative symlinks to ../../node_modules/<pkg>: kept as they are,
    // they resolve through the node_modules link below.
    cpSync(dist, path.join(dir, ".next"), { recursive: true, verbatimSymlinks: true, filter: (source) => !skip.has(source) });
    const after = readBuildId(dist);
    if (before !== after) throw new Error(".next changed while it was being copied (another build ran)");
    for (const entry of ["node_modules", "package.json", "next.config.ts", "tsconfig.json", "public"]) {
      if (existsSync(path.join(root, entry))) symlinkSync(path.join(root, entry), path.join(dir, entry));
    }
    return { dir, buildId: after, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
