// What a database's _prisma_migrations table records, and Prisma's rule for matching a recorded
// checksum with a migration file. Read here rather than through the engine's history diagnosis,
// which (through a driver adapter) fails on a database without the table instead of reporting it
// as empty.
import { createHash } from "node:crypto";
import { isDriverAdapterError } from "@prisma/driver-adapter-utils";
import { adapterFactory } from "./databases";

export interface MigrationRecord {
  name: string;
  checksum: string;
  /** False for a migration that started and failed. */
  finished: boolean;
}

/** The migrations recorded in the database, rolled-back attempts left out; none without the table. */
export async function readMigrationRecords(url: string): Promise<MigrationRecord[]> {
  const connection = await adapterFactory(url).connect();
  try {
    const { rows } = await connection.queryRaw({
      sql: 'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ' + "WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name",
      args: [],
      argTypes: [],
    });
    return rows.map(([name, checksum, finishedAt]) => ({
      name: String(name),
      checksum: String(checksum),
      finished: finishedAt !== null,
    }));
  } catch (error) {
    if (isDriverAdapterError(error) && error.cause.kind === "TableDoesNotExist") return [];
    throw error;
  } finally {
    await connection.dispose();
  }
}

/**
 * Prisma's rule (schema-engine/connectors/schema-connector/src/checksum.rs): the checksum is the
 * hex SHA-256 of migration.sql; LF and CRLF line endings match either way (git may convert them);
 * checksums written by old engines lack the zero padding of each byte.
 */
export function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const hex = checksum.length === 64 ? digest.toString("hex") : [...digest].map((byte) => byte.toString(16)).join("");
    return hex === checksum;
  });
}
