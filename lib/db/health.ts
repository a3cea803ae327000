import { getPrisma } from "./client";

export async function pingDatabase(): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$queryRaw`SELECT 1`;
}
