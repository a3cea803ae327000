/**
 * `npm run check:engines`: fails when an installed package refuses a Node.js version package.json promises
 * (the EBADENGINE warnings of `npm install`), or when `npm ls` finds the tree invalid or incomplete.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { findEngineMismatches, lowestSupported, satisfiesRange } from "./engines";

const root = process.cwd();
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));

let failed = false;
const promised = manifest.engines.node;
const versions = [...lowestSupported(promised), process.version.slice(1)].filter((version) => satisfiesRange(version, promised));
for (const mismatch of findEngineMismatches(lock, versions)) {
  failed = true;
  console.error(`${mismatch.name}@${mismatch.version} wants Node ${mismatch.required}, but package.json promises ${promised} (checked ${mismatch.node})`);
}

const ls = spawnSync("npm", ["ls", "--all"], { cwd: root, encoding: "utf8" });
if (ls.status !== 0) {
  failed = true;
  console.error(`npm ls found problems:\n${ls.stderr}${ls.stdout.split("\n").filter((line) => /invalid|missing|extraneous|ERR/i.test(line)).join("\n")}`);
}

console.log(failed ? "engines check failed" : `engines check passed for Node ${versions.join(", ")}`);
process.exit(failed ? 1 : 0);
