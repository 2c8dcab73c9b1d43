// ESLint for core/, infra/, policies/, tools/ and test/: typescript-eslint's type-aware rules (the
// project's own tsconfig.json through the project service), the Pulumi plugin's rules against
// Outputs in template literals, and a reason on every disable comment. Formatting is Prettier's
// alone (.prettierrc.json); `npm run lint` runs both.
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

/** The rules that flag every use of a value typed `any`. */
const unsafeAny = [
    "@typescript-eslint/no-explicit-any",
    "@typescript-eslint/no-unsafe-argument",
    "@typescript-eslint/no-unsafe-assignment",
    "@typescript-eslint/no-unsafe-call",
    "@typescript-eslint/no-unsafe-member-access",
    "@typescript-eslint/no-unsafe-return",
];

export default tseslint.config(
    {
        ignores: ["node_modules/**", "policies/node_modules/**", "bin/**", "docs/**", "**/*.cjs", "**/*.mjs"],
    },
    {
        linterOptions: { reportUnusedDisableDirectives: "error" },
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    comments.recommended,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
            "@typescript-eslint/no-unused-vars": [
                "error",
                { ignoreRestSiblings: true, argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
            ],
            // A timer a cleanup closure clears before it is set is not a constant.
            "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
        },
    },
    {
        // The pack reads resource inputs as the engine sends them (untyped JSON, typed `any` by
        // @pulumi/policy) and checks each value's shape where it uses it; the tests read the
        // plan's inputs the same way and assert their exact values.
        files: ["policies/**/*.ts", "test/**/*.ts"],
        rules: {
            ...Object.fromEntries(unsafeAny.map((rule) => [rule, "off"])),
            // The same untyped values are printed in messages as they came.
            "@typescript-eslint/no-base-to-string": "off",
            "@typescript-eslint/restrict-template-expressions": "off",
        },
    },
    {
        // The tests' doubles implement async interfaces (StackOps, ClusterOps) without awaiting.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/require-await": "off" },
    },
    {
        // The mocks answer Pulumi's MockResourceArgs, whose inputs the SDK types as `any`; the drill
        // reads the plan's Kubernetes objects the same way and checks what it reads.
        files: ["tools/lib/mocks.ts", "tools/lib/drill/cluster.ts"],
        rules: Object.fromEntries(unsafeAny.map((rule) => [rule, "off"])),
    },
);
