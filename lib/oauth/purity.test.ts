import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

// lib/oauth is the framework-free engine (DESIGN.md, "Layers and folders"): its code may import only itself,
// node: builtins and jsonpath-plus. Tests may also use the test tools and the local providers, never the app.
const folder = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(folder).filter((name) => name.endsWith(".ts"));
const isTest = (name: string) => name.endsWith(".test.ts");

function importsOf(source: string): string[] {
  const specifiers = source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g);
  return [...specifiers].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

const isAllowedInCode = (specifier: string) => specifier.startsWith("./") || specifier.startsWith("node:") || specifier === "jsonpath-plus";
const isForbiddenEverywhere = (specifier: string) =>
  /^(next|react|react-dom)(\/|$)/.test(specifier) || specifier.startsWith("@prisma/") || specifier.startsWith("@/lib/db") || /(^|\/)lib\/db(\/|$)/.test(specifier);

describe("lib/oauth purity", () => {
  it("finds the engine's files and their imports", () => {
    expect(files).toContain("template.ts");
    expect(importsOf(readFileSync(path.join(folder, "extract.ts"), "utf8"))).toEqual(["jsonpath-plus", "./form-encoding"]);
  });

  it.each(files.filter((name) => !isTest(name)))("%s imports only lib/oauth, node: builtins and jsonpath-plus", (name) => {
    const imports = importsOf(readFileSync(path.join(folder, name), "utf8"));
    expect(imports.filter((specifier) => !isAllowedInCode(specifier))).toEqual([]);
  });

  it.each(files.filter(isTest))("%s imports no framework, Prisma or database code", (name) => {
    const imports = importsOf(readFileSync(path.join(folder, name), "utf8"));
    expect(imports.filter(isForbiddenEverywhere)).toEqual([]);
  });

  it("would catch a forbidden import", () => {
    // Assembled so that this file's own source does not hold the dynamic import it tests.
    const sample = ['import { x } from "next/server";', 'import type { Y } from "@prisma/client";', "const m = await im" + 'port("@/lib/db/client");'];
    const imports = importsOf(sample.join("\n"));
    expect(imports.filter(isForbiddenEverywhere)).toEqual(["next/server", "@prisma/client", "@/lib/db/client"]);
    expect(imports.filter((specifier) => !isAllowedInCode(specifier))).toHaveLength(3);
  });
});
