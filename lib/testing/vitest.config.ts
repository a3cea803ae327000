import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// Unit tests (`*.test.ts`) are pure and fast; integration tests (`*.int.test.ts`) open a database or
// start servers on loopback, so they get longer time-outs and run on their own.
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    setupFiles: [path.join(root, "lib/testing/setup.ts")],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
