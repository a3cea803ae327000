/**
 * `npm start`. Runs the launcher that `npm run build` compiled to JavaScript when it is current; otherwise
 * runs `lib/cli/start.ts` through tsx, which builds the checkout (the compiled launcher included) before
 * serving, so that the next start runs compiled.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { currentCompiledLauncher } from "./compiled-launcher.mjs";

const root = process.cwd();
const compiled = currentCompiledLauncher(root, process.env.NEXT_DIST_DIR || ".next");

if (compiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/cli/start.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on("error", (error) => {
    console.error(`Gatehouse could not start: ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (code !== null) process.exit(code);
    // Ended by a signal: end the same way, so that whoever stopped it sees that.
    for (const name of signals) process.off(name, forward);
    process.kill(process.pid, signal);
  });
}
