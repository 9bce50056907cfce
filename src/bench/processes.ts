// Child processes of the benchmark: every one is tracked so that an error or CTRL-C stops it, and
// every wait has a time limit.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

const running = new Set<ChildProcess>();

/** Kills every child still running (its whole process group when it was started detached). */
export function killAllChildren(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const child of running) killTree(child, signal);
}

export function killTree(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached children lead their own process group: -pid names that group, and only it.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

export interface CommandResult {
  stdout: string;
  seconds: number;
}

/**
 * Runs a command to completion within `timeoutMs`; its stderr goes to ours (progress bars), its
 * stdout is captured (and echoed to our stderr when `echo`: our stdout is the report). Rejects on a non-zero exit or the time limit.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; echo?: boolean },
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "inherit"], detached: true };
    const child = track(spawn(command, args, spawnOptions));
    let stdout = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      stdout += chunk;
      if (options.echo) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      killTree(child, "SIGTERM");
      setTimeout(() => killTree(child, "SIGKILL"), 5_000).unref();
      reject(new Error(`${command} ${args.join(" ")}: no result within ${Math.round(options.timeoutMs / 1000)} s`));
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ stdout, seconds });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}${stdout ? `\n${stdout.slice(-2_000)}` : ""}`));
    });
  });
}

/** Waits for a child to exit, up to `timeoutMs`; true if it did. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
