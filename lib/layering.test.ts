import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layering rules live in eslint.config.mjs (run by `npm run lint`). This checks that they really
// fire, so that a config edit cannot silently switch them off.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const eslint = new ESLint({ cwd: root });

async function restrictedIn(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result!.messages.filter((message) => message.ruleId?.startsWith("no-restricted")).map((message) => message.ruleId!);
}

describe("the layering rules", () => {
  it("keep Next, React, Prisma and the database out of lib/oauth", async () => {
    const source = [
      'import { NextResponse } from "next/server";',
      'import { useState } from "react";',
      'import { PrismaClient } from "@prisma/client";',
      'import { getPrisma } from "@/lib/db/client";',
      'import { getEnv } from "@/lib/env";',
      "export const all = [NextResponse, useState, PrismaClient, getPrisma, getEnv];",
    ].join("\n");
    expect(await restrictedIn("lib/oauth/sample.ts", source)).toHaveLength(5);
  }, 60_000);

  it("let lib/oauth import itself, node builtins and jsonpath-plus", async () => {
    const source = ['import { JSONPath } from "jsonpath-plus";', 'import { createHash } from "node:crypto";', 'import { renderTemplate } from "./template";', "export const all = [JSONPath, createHash, renderTemplate];"].join("\n");
    expect(await restrictedIn("lib/oauth/sample.ts", source)).toEqual([]);
  }, 60_000);

  it("keep Prisma inside lib/db", async () => {
    const source = 'import { Prisma } from "@/lib/db/generated/client";\nexport const p = Prisma;';
    expect(await restrictedIn("lib/services/sample.ts", source)).toEqual(["no-restricted-imports"]);
    expect(await restrictedIn("lib/db/sample.ts", source)).toEqual([]);
  }, 60_000);

  it("keep process.env inside lib/env.ts and lib/cli", async () => {
    const source = "export const port = process.env.PORT;";
    expect(await restrictedIn("lib/services/sample.ts", source)).toEqual(["no-restricted-syntax"]);
    expect(await restrictedIn("lib/env.ts", source)).toEqual([]);
    expect(await restrictedIn("lib/cli/sample.ts", source)).toEqual([]);
  }, 60_000);
});
