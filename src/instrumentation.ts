// Runs once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertValidEnv } = await import("./server/env");
    assertValidEnv();
    const { assertPeerAddressServer, assertProductionSecrets } = await import("./server/startup-checks");
    assertProductionSecrets();
    assertPeerAddressServer();
    const { warmUpPasswordStrength } = await import("./server/password-strength");
    warmUpPasswordStrength();
  }
}
