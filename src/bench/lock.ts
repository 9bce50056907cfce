// The build-and-serve lock shared with the e2e suite (`flock /tmp/orgdesk-e2e.lock ...`): while the
// benchmark builds `.next` and serves it, no e2e run rebuilds it underneath, and the other way round.
// A `flock` child holds the lock for as long as its stdin stays open, so the lock is released
// when we release it, and also if this process dies in any way (the pipe closes).
import { spawn } from "node:child_process";
import { killTree, track, waitForExit } from "./processes";

export interface HeldLock {
  waitedSeconds: number;
  release(): Promise<void>;
}

export function acquireLock(file: string, waitSeconds: number): Promise<HeldLock> {
  const started = performance.now();
  const child = track(
    spawn("flock", ["-w", String(waitSeconds), file, "sh", "-c", "echo locked; exec cat >/dev/null"], {
      stdio: ["pipe", "pipe", "inherit"],
      detached: true,
    }),
  );
  return new Promise((resolve, reject) => {
    let held = false;
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      if (held || !chunk.includes("locked")) return;
      held = true;
      resolve({
        waitedSeconds: (performance.now() - started) / 1000,
        async release() {
          child.stdin!.end();
          if (!(await waitForExit(child, 5_000))) killTree(child, "SIGKILL");
        },
      });
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!held) reject(new Error(`could not take ${file} within ${waitSeconds} s (flock exited with ${code})`));
    });
  });
}
