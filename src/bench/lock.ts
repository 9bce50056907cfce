// The build-and-serve lock shared with the e2e suite (`flock /tmp/orgdesk-e2e.lock ...`): while the
// benchmark builds `.next` and serves it, no e2e run rebuilds it underneath, and the other way round.
// A `flock` child holds the lock for as long as its stdin stays open, so the lock is released
// when we release it, and also if this process dies in any way (the pipe closes). `-o`: only flock
// itself holds the lock file open, so no other process can inherit the lock and outlive us.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { killTree, track, waitForExit } from "./processes";

/**
 * Processes that have the lock file open, waiters included (for the message when it takes long:
 * a leftover process that inherited the file, e.g. a server orphaned by an e2e run, keeps the lock).
 */
export function lockFileUsers(file: string): string[] {
  const users: string[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return users;
  }
  for (const pid of pids.slice(0, 10_000)) {
    try {
      const fds = readdirSync(`/proc/${pid}/fd`);
      if (!fds.some((fd) => readlinkSafe(`/proc/${pid}/fd/${fd}`) === file)) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      users.push(`${pid} ${cmdline.slice(0, 100)}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return users;
}

function readlinkSafe(link: string): string | null {
  try {
    return readlinkSync(link);
  } catch {
    return null;
  }
}

export interface HeldLock {
  waitedSeconds: number;
  release(): Promise<void>;
}

export function acquireLock(file: string, waitSeconds: number, log: (message: string) => void = () => {}): Promise<HeldLock> {
  const started = performance.now();
  const child = track(
    spawn("flock", ["-o", "-w", String(waitSeconds), file, "sh", "-c", "echo locked; exec cat >/dev/null"], {
      stdio: ["pipe", "pipe", "inherit"],
      detached: true,
    }),
  );
  return new Promise((resolve, reject) => {
    let held = false;
    const notice = setTimeout(() => {
      if (!held) log(`still waiting for ${file}; processes that have it open:\n  ${lockFileUsers(file).join("\n  ")}`);
    }, 30_000);
    notice.unref();
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      if (held || !chunk.includes("locked")) return;
      held = true;
      clearTimeout(notice);
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
      clearTimeout(notice);
      if (!held) {
        const users = lockFileUsers(file);
        reject(new Error(`could not take ${file} within ${waitSeconds} s (flock exited with ${code}); open by:\n  ${users.join("\n  ")}`));
      }
    });
  });
}
