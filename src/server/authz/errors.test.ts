import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isUniqueViolation, isWriteConflict } from "./errors";

/** The shapes Prisma 7 gives a failed query: the driver's error under meta.driverAdapterError (raw queries) or as the message. */
function prismaError(message: string, code: string, driverKind?: string) {
  const error = Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code, meta: {} as Record<string, unknown> });
  if (driverKind) {
    error.meta.driverAdapterError = Object.assign(new Error(driverKind), { name: "DriverAdapterError", cause: { kind: driverKind } });
  }
  return error;
}

describe("isDatabaseUnavailable", () => {
  it("recognises a closed connection reported through the driver adapter (a raw query while PostgreSQL restarts)", () => {
    expect(isDatabaseUnavailable(prismaError("\\n", "P2010", "ConnectionClosed"))).toBe(true);
    expect(isDatabaseUnavailable(prismaError("", "P2010", "DatabaseNotReachable"))).toBe(true);
    expect(isDatabaseUnavailable(prismaError("", "P2010", "SocketTimeout"))).toBe(true);
  });

  it("recognises connection errors by code and by message, also as a cause", () => {
    expect(isDatabaseUnavailable(prismaError("Server has closed the connection.", "P1017"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
  });

  it("recognises a pooled pg client whose connection broke mid-outage (node-postgres's own message)", () => {
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Client was closed and is not queryable"))).toBe(true);
  });

  it("does not take query errors for an outage", () => {
    expect(isDatabaseUnavailable(prismaError("Unique constraint failed on the fields: (`slug`)", "P2002", "UniqueConstraintViolation"))).toBe(false);
    expect(isDatabaseUnavailable(prismaError("Invalid input", "P2010", "InvalidInputValue"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    // Text that quotes the input cannot pass for an outage.
    expect(isDatabaseUnavailable(Object.assign(new Error('invalid input syntax for type integer: "ECONNRESET"'), { code: "22P02" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("Argument `title`: ECONNREFUSED"), { name: "PrismaClientValidationError" }))).toBe(false);
  });

  it("stops on a cyclic cause chain", () => {
    const error = new Error("loop") as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("isWriteConflict", () => {
  it("recognises a deadlock or serialization failure, as Prisma or the PostgreSQL adapter reports it", () => {
    expect(isWriteConflict(prismaError("Transaction failed due to a write conflict or a deadlock", "P2034"))).toBe(true);
    const raw = prismaError("Raw query failed. Code: `40P01`. Message: `deadlock detected`", "P2010");
    raw.meta.driverAdapterError = { name: "DriverAdapterError", cause: { originalCode: "40P01", kind: "TransactionWriteConflict" } };
    expect(isWriteConflict(raw)).toBe(true);
    expect(isWriteConflict(Object.assign(new Error("could not serialize access"), { code: "40001" }))).toBe(true);
  });

  it("does not retry other failures", () => {
    expect(isWriteConflict(prismaError("Unique constraint failed", "P2002", "UniqueConstraintViolation"))).toBe(false);
    expect(isWriteConflict(prismaError("Unable to start a transaction in the given time.", "P2028"))).toBe(false);
    expect(isWriteConflict(new Error("boom"))).toBe(false);
  });
});

describe("isUniqueViolation", () => {
  it("recognises Prisma's P2002 and PostgreSQL's own 23505, and nothing else", () => {
    expect(isUniqueViolation(prismaError("Unique constraint failed on the fields: (`slug`)", "P2002", "UniqueConstraintViolation"))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('duplicate key value violates unique constraint "Post_orgId_slug_key"'), { code: "23505" }))).toBe(true);
    expect(isUniqueViolation(prismaError("Transaction failed due to a write conflict or a deadlock", "P2034"))).toBe(false);
    expect(isUniqueViolation(new Error("P2002"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
