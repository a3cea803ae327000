import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVING_NODE_FLAGS } from "./server-flags";

describe("SERVING_NODE_FLAGS", () => {
  it("are the flags npm start gives tsx, so the benchmark measures what npm start runs", () => {
    const manifest = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts.start).toBe(`tsx ${SERVING_NODE_FLAGS.join(" ")} lib/cli/start.ts`);
  });
});
