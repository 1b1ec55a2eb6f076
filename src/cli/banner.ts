// The line every chain command writes to stderr before it sends anything: which network, endpoint and chain id.
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/**
 * `scheme://host:port` of an endpoint, nothing else: a provider's URL often carries an API key in its path, query
 * or user info, and the banner ends up in logs.
 */
export function endpointHost(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "an unparseable URL";
  }
  const port = parsed.port || (parsed.protocol === "https:" || parsed.protocol === "wss:" ? "443" : "80");
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}

/** The banner for a network: `network localhost (http://127.0.0.1:8545), chain id 31337`. */
export function bannerLine(network: string, url: string | undefined, chainId: bigint): string {
  const where = url === undefined ? "in-process" : endpointHost(url);
  return `network ${network} (${where}), chain id ${chainId}`;
}

let announced = false;

/**
 * Writes the banner to stderr, once per process (so stdout stays clean for `--json`), and returns it. The chain id
 * is the node's own answer, not the configuration's.
 */
export async function announceNetwork(
  hre: HardhatRuntimeEnvironment,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  const config = hre.network.config as { url?: string };
  const line = bannerLine(hre.network.name, config.url, chainId);
  if (!announced) write(line);
  announced = true;
  return line;
}
