import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { createState, hashState } from "./state";

describe("state", () => {
  it("carries 256 random bits in base64url", () => {
    const state = createState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(state, "base64url")).toHaveLength(32);
    expect(new Set(Array.from({ length: 50 }, createState)).size).toBe(50);
  });

  it("is stored as its SHA-256 in hex", () => {
    expect(hashState("abc")).toBe(createHash("sha256").update("abc").digest("hex"));
    expect(hashState("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashState("abd")).not.toBe(hashState("abc"));
  });
});
