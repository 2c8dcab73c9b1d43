/**
 * dependency-cruiser's rules for core/, infra/, tools/ and policies/ (test/docs/importCycles.test.ts
 * runs them on the tree, and on test/support/fixtures/layers/ where each forbidden arrow occurs
 * once). Two kinds of rule:
 *
 * - No import cycle, type-only imports included, because a module that needs its own importer to
 *   make sense is one concept split in two.
 * - Layers point one way. core/ holds the pure rules every layer shares (addresses, maintenance
 *   windows, names, the database layout, how a cluster is reached) and imports nothing of the
 *   project. The program (infra/), the policy pack (policies/) and the tools (tools/) each import
 *   core/; none imports another's internals. The tools read the program through what it produces:
 *   the plan they record by running its entry module, and the stack outputs in that plan. The tools
 *   may import the pack: the offline policy run evaluates its policies on a plan.
 */
const layerRoots = "^(core|infra|policies|tools)/";

module.exports = {
    forbidden: [
        {
            name: "no-circular",
            severity: "error",
            comment: "An import cycle: the modules import each other, directly or through others.",
            from: {},
            to: { circular: true },
        },
        {
            name: "core-imports-no-layer",
            severity: "error",
            comment:
                "core/ is the shared bottom layer: the program, the pack (loaded by the Pulumi CLI on its own) and " +
                "the tools all import it, so it can depend on no part of any of them.",
            from: { path: "^core/" },
            to: { path: layerRoots, pathNot: "^core/" },
        },
        {
            name: "infra-imports-only-core",
            severity: "error",
            comment:
                "The program depends on core/ alone: not on the pack that judges its plan, nor on the tools that run it.",
            from: { path: "^infra/" },
            to: { path: "^(policies|tools)/" },
        },
        {
            name: "policies-import-only-core",
            severity: "error",
            comment:
                "The pack judges any plan of these resource types, so it reads resources, never the program that " +
                "declares them; and the Pulumi CLI loads it without the tools.",
            from: { path: "^policies/" },
            to: { path: "^(infra|tools)/" },
        },
        {
            name: "tools-read-the-program-through-its-plan",
            severity: "error",
            comment:
                "The tools read the program through its plan and stack outputs. Allowed: infra/index.ts, the entry " +
                "module the offline plan (tools/lib/plan.ts) and the benchmark run, as `pulumi up` does; " +
                "infra/config/, the stack-file schema that the plan, remediation and config tools parse, edit and " +
                "document (the stack file is the tools' input as much as the program's); infra/gcp.ts and " +
                "infra/kubernetes.ts, lists of SDK service modules with no logic, which the benchmark's replay " +
                "must load exactly as the program does to measure the same thing.",
            from: { path: "^tools/" },
            to: { path: "^infra/", pathNot: "^infra/(index\\.ts|config/|gcp\\.ts|kubernetes\\.ts)" },
        },
    ],
    options: {
        tsConfig: { fileName: "tsconfig.json" },
        tsPreCompilationDeps: true,
        doNotFollow: { path: "node_modules" },
        exclude: { path: "node_modules" },
    },
};
