// The worker thread that runs bcrypt for src/server/password.ts: a cost-12 hash is about a quarter
// of a second of CPU, spent here instead of on the event loop that serves every other request.
import bcrypt from "bcryptjs";
import type { PasswordTask } from "./password";
import { serveWorkerTasks } from "./worker-thread";

serveWorkerTasks<PasswordTask, string | boolean>(Promise.resolve(), (task) =>
  // Synchronous is right on this thread: it has nothing else to do meanwhile.
  task.kind === "hash" ? bcrypt.hashSync(task.secret, task.cost) : bcrypt.compareSync(task.secret, task.hash),
);
