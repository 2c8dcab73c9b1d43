/** The config of a cell: schema, rules, errors and loading (one job per module). */
export * from "./errors";
export * from "./keys";
export * from "./knownKeys";
export * from "./load";
export * from "./rules";
export * from "./schema";
export * from "./secrets";
