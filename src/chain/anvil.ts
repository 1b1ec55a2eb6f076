// Starts anvil (the npm-packaged Foundry node) on a free loopback port, for tests and runs against a second node.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export interface AnvilNode {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The anvil binary shipped by `@foundry-rs/anvil-linux-amd64`. */
export function anvilBinary(): string {
  const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
  return path.join(path.dirname(pkg), "bin", "anvil");
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts anvil and resolves once it answers JSON-RPC; `stop` kills it. Fails after `timeoutMs`. */
export async function startAnvil(
  options: { port?: number; timeoutMs?: number; disableCodeSizeLimit?: boolean } = {},
): Promise<AnvilNode> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = ["--port", String(port), "--host", "127.0.0.1", "--silent"];
  if (options.disableCodeSizeLimit) args.push("--disable-code-size-limit");
  const child: ChildProcess = spawn(anvilBinary(), args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited with code ${child.exitCode}: ${stderr.trim()}`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) {
        return {
          url,
          port,
          stop: async () => {
            if (child.exitCode === null) child.kill("SIGTERM");
            await exited;
          },
        };
      }
    } catch {
      // Not listening yet: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`anvil did not answer on ${url} within ${options.timeoutMs ?? 20_000} ms: ${stderr.trim()}`);
}
