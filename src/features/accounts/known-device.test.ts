import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const { KNOWN_DEVICE_COOKIE, knownDeviceCookie, knownDeviceId } = await import("./known-device");

describe("known-device cookie", () => {
  beforeAll(() => {
    process.env.AUTH_SECRET ??= "known-device test secret";
  });

  const header = (value: string) => `other=1; ${KNOWN_DEVICE_COOKIE}=${value}`;

  it("names the device for the email it was issued for, and for no other", () => {
    const { value } = knownDeviceCookie("Owner@Example.test");
    const [id] = value.split(".");
    expect(knownDeviceId(header(value), "owner@example.test")).toBe(id);
    expect(knownDeviceId(header(value), "someone@example.test")).toBeNull();
  });

  it("refuses every altered spelling of the signature, the last character's unused bits included", () => {
    const { value } = knownDeviceCookie("owner@example.test");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const accepted = [...alphabet].filter((c) => knownDeviceId(header(value.slice(0, -1) + c), "owner@example.test") !== null);
    expect(accepted).toEqual([value.at(-1)]);
  });
});
