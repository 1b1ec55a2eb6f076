// Client side of the ModelRegistry and AgentRegistry: connect to one, run its commands, print its records.
export * from "./connect";
export * from "./commands";
export * from "./describe";
