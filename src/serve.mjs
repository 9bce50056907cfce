// Orgdesk's production server (`npm start`): Next.js's own request handler behind a plain Node HTTP
// server that appends the socket's address to X-Forwarded-For, as every proxy hop does.
//
// Why not `next start`: it sets X-Forwarded-For from the socket only when the client sent none, and
// keeps a client's header as it came, so no route handler, server action or Auth.js callback can
// tell the client's own words from the real address (src/server/request-ip.ts counts hops from the
// right, TRUST_PROXY_HOPS). Usage: node src/serve.mjs [dir] [-p port] [-H hostname]
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: true,
});
const dir = path.resolve(positionals[0] ?? ".");
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME;

process.env.NODE_ENV ??= "production";
// Read by src/server/startup-checks.ts: production refuses to serve without this server.
globalThis[Symbol.for("orgdesk.server.appendsPeerAddress")] = true;

const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  // Node joins repeated X-Forwarded-For lines into one. A socket without an address (already
  // closed) gets "unknown", which no parser takes for an address.
  const received = request.headers["x-forwarded-for"];
  const peer = request.socket.remoteAddress ?? "unknown";
  request.headers["x-forwarded-for"] = received ? `${received}, ${peer}` : peer;
  handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`> Orgdesk ready on http://${hostname ?? "localhost"}:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open; a stop is a stop.
    setTimeout(() => process.exit(0), 5_000).unref();
    server.closeIdleConnections();
  });
}
