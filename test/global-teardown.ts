export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__rectiflowTemporal as
    { close(): Promise<void> } | undefined;
  // The dev server's handles are unref'd (it must not keep jest alive), so while we wait for
  // it to stop something has to: otherwise Node exits mid-teardown and jest never writes its
  // --json results.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await server?.close(); // stops it and removes its database file
  } finally {
    clearInterval(keepAlive);
  }
}
