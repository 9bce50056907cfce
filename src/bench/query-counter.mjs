// Loaded by the bench into the server it measures (node --import, src/bench/server.ts), before the
// app: installs a Prisma client extension that counts every operation of every client the app
// creates (src/server/db.ts applies it), and prints the total on SIGUSR2 as `[query-stats] total=<n>`.
// The production client knows nothing of it; without this file nothing is counted.
let total = 0;

globalThis[Symbol.for("orgdesk.db.extension")] = (client) =>
  client.$extends({
    name: "bench-query-counter",
    query: {
      $allOperations({ args, query }) {
        total += 1;
        return query(args);
      },
    },
  });

process.on("SIGUSR2", () => process.stdout.write(`[query-stats] total=${total}\n`));
