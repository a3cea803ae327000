/**
 * Compiles the launcher (`lib/cli/start.ts` and the project's modules it imports) into one JavaScript module
 * in the build folder, so that `npm start` runs it on plain Node.js. Run through tsx, the server carried
 * tsx's module loader (a thread of its own, with esbuild's code) for as long as it ran: 50 to 115 MB of the
 * serving process's memory (the README's memory table). Packages stay imports of node_modules. `npm run build` runs this after
 * `next build`; so does the launcher when it builds a stale checkout.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Files besides the sources that change what the compile makes. */
const SETTINGS = ["tsconfig.json", "package.json"];

/**
 * Writes `<build folder>/launcher/start.mjs`, then `inputs.json`: the files it was compiled from and when
 * the compile began, which `compiled-launcher.mjs` compares with them. Each file is written whole and then
 * renamed into place, the launcher first, so a start never reads half a file, nor new inputs beside an old
 * launcher.
 */
export async function buildLauncher(root: string, distDir = process.env.NEXT_DIST_DIR || ".next"): Promise<void> {
  // Loaded here, not with the launcher: the server itself never needs esbuild.
  const { build } = await import("esbuild");
  const outdir = path.resolve(root, distDir, "launcher");
  const startedAt = Date.now();
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
    write: false,
    logLevel: "warning",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild wrote no launcher");
  // Paths relative to the project, so that a changed source makes the compiled launcher stale.
  const inputs = [...Object.keys(result.metafile.inputs), ...SETTINGS];
  await mkdir(outdir, { recursive: true });
  await replaceFile(output.path, output.contents);
  await replaceFile(path.join(outdir, "inputs.json"), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`);
}

async function replaceFile(file: string, contents: string | Uint8Array): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, contents);
  await rename(partial, file);
}

// Run as a command (`npm run build` does); the compiled launcher contains this module too, where it must not run.
const isCommand = import.meta.url.endsWith("/build-launcher.ts") && import.meta.url === pathToFileURL(process.argv[1] ?? "").href;
if (isCommand) {
  buildLauncher(process.cwd()).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
