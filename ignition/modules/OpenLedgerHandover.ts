// Ignition module for real networks: the OpenLedger suite, then the deployer and the `admin` parameter give up
// every economic admin role, so that only the timelock (a passed vote) holds them.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future, IgnitionModule } from "@nomicfoundation/ignition-core";
import OpenLedgerModule, { DEFAULT_ADMIN_ROLE, economicRoles, type EconomicRole } from "./OpenLedger";

export default buildModule("OpenLedgerHandover", (m) => {
  const suite = m.useModule(OpenLedgerModule);
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const roles = economicRoles(suite);
  const revoke = ({ contract, name, roleName, role }: EconomicRole, after: (Future | IgnitionModule)[]) =>
    m.call(contract, "revokeRole", [role, admin], { id: `${name}_revoke_${roleName}_admin`, after });
  // After everything the suite's module does as the deployer; revoking a role nobody holds changes nothing, so
  // `admin` equal to the deployer is fine. The other roles first: revoking them needs DEFAULT_ADMIN_ROLE, which
  // revoking `admin`'s takes from the deployer too when they are the same account.
  const others = roles.filter(({ role }) => role !== DEFAULT_ADMIN_ROLE).map((r) => revoke(r, [OpenLedgerModule]));
  const admins = roles.filter(({ role }) => role === DEFAULT_ADMIN_ROLE).map((r) => revoke(r, others));
  for (const { contract, name, roleName, role } of roles) {
    m.call(contract, "renounceRole", [role, deployer], {
      id: `${name}_renounce_${roleName}`,
      after: [...others, ...admins],
    });
  }
  return suite;
});
