// Runs in each test worker before the test file: points the data-access layer at this project's
// database (src/server/db.ts reads DATABASE_URL when first imported).
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
