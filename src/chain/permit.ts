// Signs EIP-2612 permits for OPEN (used by operations and tests).
import { Signature, type Signer } from "ethers";
import type { OpenToken } from "../../typechain-types";

export interface PermitSignature {
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

export interface PermitOverrides {
  chainId?: bigint;
  verifyingContract?: string;
  nonce?: bigint;
  deadline?: bigint;
}

/** Signs a permit letting `spender` pull `value` OPEN from `owner`; overrides forge wrong domains or nonces. */
export async function signPermit(
  token: OpenToken,
  owner: Signer,
  spender: string,
  value: bigint,
  overrides: PermitOverrides = {},
): Promise<PermitSignature> {
  const ownerAddress = await owner.getAddress();
  const provider = owner.provider!;
  const { chainId } = await provider.getNetwork();
  const latest = await provider.getBlock("latest");
  const deadline = overrides.deadline ?? BigInt(latest!.timestamp) + 3600n;
  const domain = {
    name: await token.name(),
    version: "1",
    chainId: overrides.chainId ?? chainId,
    verifyingContract: overrides.verifyingContract ?? (await token.getAddress()),
  };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = {
    owner: ownerAddress,
    spender,
    value,
    nonce: overrides.nonce ?? (await token.nonces(ownerAddress)),
    deadline,
  };
  const signature = Signature.from(await owner.signTypedData(domain, types, message));
  return { deadline, v: signature.v, r: signature.r, s: signature.s };
}
