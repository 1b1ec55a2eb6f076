// Test access to the permit signer that operations use.
export { signPermit, type PermitSignature, type PermitOverrides } from "../../src/chain/permit";
