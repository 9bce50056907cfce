// Vitest global setup of the sqlite and postgresql projects: one fresh, migrated database per run.
import type { TestProject } from "vitest/node";
import { createPostgresDatabase, createSqliteDatabase, migrate } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = project.name === "postgresql" ? await createPostgresDatabase() : createSqliteDatabase();
  migrate(database.url);
  project.provide("databaseUrl", database.url);
  return () => database.drop();
}
