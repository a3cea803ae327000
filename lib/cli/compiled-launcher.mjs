import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The launcher `npm run build` compiled to JavaScript (see build-launcher.ts), when no file it was compiled
 * from has changed since the compile began; otherwise null. Plain JavaScript, because `npm start` reads it before
 * anything can compile TypeScript.
 *
 * @param {string} root the project folder
 * @param {string} distDir the build folder, relative to root or absolute
 * @returns {string | null}
 */
export function currentCompiledLauncher(root, distDir) {
  const compiled = path.resolve(root, distDir, "launcher", "start.mjs");
  if (!existsSync(compiled)) return null; // not built yet
  try {
    const { startedAt, inputs } = JSON.parse(readFileSync(path.join(path.dirname(compiled), "inputs.json"), "utf8"));
    return inputs.every((input) => statSync(path.join(root, input)).mtimeMs < startedAt) ? compiled : null;
  } catch {
    return null; // no list of inputs, or one of them has gone
  }
}
