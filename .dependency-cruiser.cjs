/**
 * dependency-cruiser's rules for infra/, tools/ and policies/ (test/tools/importCycles.test.ts runs
 * them): no import cycle, type-only imports included, because a module that needs its own importer
 * to make sense is one concept split in two.
 */
module.exports = {
    forbidden: [
        {
            name: "no-circular",
            severity: "error",
            comment: "An import cycle: the modules import each other, directly or through others.",
            from: {},
            to: { circular: true },
        },
    ],
    options: {
        tsConfig: { fileName: "tsconfig.json" },
        tsPreCompilationDeps: true,
        doNotFollow: { path: "node_modules" },
        exclude: { path: "node_modules" },
    },
};
