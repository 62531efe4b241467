// Types of what TypeScript imports from process-guardian.cjs (the tests' dev-server support).
export function pidAlive(pid: number): boolean;
