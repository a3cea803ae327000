/**
 * Compiles the launcher (`lib/cli/start.ts` and the project's modules it imports) into one JavaScript module
 * in the build folder, so that `npm start` runs it on plain Node.js. Run through tsx, the server carried
 * tsx's module loader (a thread of its own, with esbuild's code) for as long as it ran: about 50 MB of the
 * serving process's memory. Packages stay imports of node_modules. `npm run build` runs this after
 * `next build`; so does the launcher when it builds a stale checkout.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * Writes `<build folder>/launcher/start.mjs` and `inputs.json`, the source files it was compiled from, which
 * `compiled-launcher.mjs` compares with it.
 */
export async function buildLauncher(root: string, distDir = process.env.NEXT_DIST_DIR || ".next"): Promise<void> {
  const outdir = path.resolve(root, distDir, "launcher");
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["lib/cli/start.ts"],
    outfile: path.join(outdir, "start.mjs"),
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: "tsconfig.json",
    metafile: true,
    logLevel: "warning",
  });
  // Paths relative to the project, so that a changed source makes the compiled launcher stale.
  const inputs = Object.keys(result.metafile.inputs);
  await writeFile(path.join(outdir, "inputs.json"), `${JSON.stringify({ inputs }, null, 1)}\n`);
}

// Run as a command (`npm run build` does); the compiled launcher contains this module too, where it must not run.
const isCommand = import.meta.url.endsWith("/build-launcher.ts") && import.meta.url === pathToFileURL(process.argv[1] ?? "").href;
if (isCommand) {
  buildLauncher(process.cwd()).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
