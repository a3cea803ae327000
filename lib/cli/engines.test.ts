import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findEngineMismatches, lowestSupported, satisfiesRange } from "./engines";

describe("satisfiesRange", () => {
  it.each([
    ["20.19.0", ">=20.9", true],
    ["20.9.0", ">=22.0.0", false],
    ["20.19.0", "^20.19 || ^22.12 || >=24.0", true],
    ["20.18.3", "^20.19 || ^22.12 || >=24.0", false],
    ["22.11.0", "^20.19 || ^22.12 || >=24.0", false],
    ["24.1.0", "^20.19 || ^22.12 || >=24.0", true],
    ["20.0.0", "^20.0.0 || ^22.0.0 || >=24.0.0", true],
    ["18.20.0", ">= 18.12.0", true],
    ["20.1.0", "20 || 22", true],
    ["21.0.0", "20 || 22", false],
    ["20.5.0", ">=14 <21", true],
    ["20.5.0", "~20.4", false],
  ])("%s in %s is %s", (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });
});

describe("the installed packages", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));

  it("accept every Node.js version package.json promises", () => {
    const versions = lowestSupported(manifest.engines.node);
    expect(versions).toContain("20.19.0");
    expect(findEngineMismatches(lock, versions)).toEqual([]);
  });

  it("would catch a package that wants a newer Node", () => {
    const lockWithNewer = { packages: { ...lock.packages, "node_modules/needs-new-node": { version: "1.0.0", engines: { node: ">=22" } } } };
    expect(findEngineMismatches(lockWithNewer, ["20.19.0"]).map((mismatch) => mismatch.name)).toContain("needs-new-node");
  });
});
