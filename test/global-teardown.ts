export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__rectiflowTemporal as { stop(): Promise<void> } | undefined;
  await server?.stop();
}
