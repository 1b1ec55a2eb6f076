// Ignition module for real networks: the OpenLedger suite, then the deployer and the `admin` parameter give up
// every economic admin role, so that only the timelock (a passed vote) holds them.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import OpenLedgerModule, { economicRoles } from "./OpenLedger";

export default buildModule("OpenLedgerHandover", (m) => {
  const suite = m.useModule(OpenLedgerModule);
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const roles = economicRoles(suite);
  // After everything the suite's module does as the deployer; revoking a role nobody holds changes nothing, so
  // `admin` equal to the deployer is fine.
  const revoked = roles.map(({ contract, name, roleName, role }) =>
    m.call(contract, "revokeRole", [role, admin], {
      id: `${name}_revoke_${roleName}_admin`,
      after: [OpenLedgerModule],
    }),
  );
  // Only after every revocation: revoking a contract's other roles needs the deployer's DEFAULT_ADMIN_ROLE there.
  for (const { contract, name, roleName, role } of roles) {
    m.call(contract, "renounceRole", [role, deployer], { id: `${name}_renounce_${roleName}`, after: revoked });
  }
  return suite;
});
