export function currentCompiledLauncher(root: string, distDir: string): string | null;
