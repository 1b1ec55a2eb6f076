// Ignition module that deploys the whole OpenLedger suite, parameterised by treasury, admin, attributor and guardian.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("OpenLedger", (m) => {
  const deployer = m.getAccount(0);
  const treasury = m.getParameter("treasury", deployer);
  const admin = m.getParameter("admin", deployer);
  const attributor = m.getParameter("attributor", deployer);
  const guardian = m.getParameter("guardian", deployer);

  const token = m.contract("OpenToken", [treasury]);
  const datanet = m.contract("Datanet", [token, admin]);
  const models = m.contract("ModelRegistry", [datanet]);
  const agents = m.contract("AgentRegistry", [models]);
  const rewards = m.contract("AttributionRewards", [token, models, agents, admin, treasury, attributor, guardian]);

  return { token, datanet, models, agents, rewards };
});
