// Prisma CLI configuration. The provider follows DATABASE_URL, like the app does: a postgres:// URL
// selects prisma/postgresql, anything else (file:..., or unset) the embedded SQLite default.
// `npm run db:generate` generates both clients; the app picks one at run time.
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/orgdesk.db";
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";

export default defineConfig({
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
