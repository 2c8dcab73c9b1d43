import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { policies } from "../../policies/policies";
import { renderCoverage, ruleSet } from "../../tools/lib/coverage";

describe("policies/COVERAGE.md", () => {
    it("is the current rendering of the policies' anchor metadata (npm run policy:coverage)", () => {
        const committed = readFileSync(join(__dirname, "../../policies/COVERAGE.md"), "utf8");
        assert.strictEqual(committed, renderCoverage(policies));
    });

    it("groups anchors by rule set", () => {
        assert.deepStrictEqual(
            [
                "CKV_GCP_6",
                "CKV2_GCP_3",
                "CKV_K8S_20",
                "AVD-GCP-0015",
                "CIS GCP 4.0 6.4",
                "CIS GKE 1.4 5.5.7",
                "KICS SQL DB Instance With SSL Disabled",
                "kube-score pod-probes",
                "Polaris runAsRootAllowed",
                "kube-linter latest-tag",
                "Google policy-library (resource locations)",
            ].map(ruleSet),
            [
                "Checkov (Google Cloud)",
                "Checkov (Google Cloud)",
                "Checkov (Kubernetes)",
                "trivy (AVD-GCP)",
                "CIS Google Cloud Platform Foundation 4.0",
                "CIS GKE Benchmark 1.4",
                "KICS",
                "kube-score",
                "Polaris",
                "kube-linter",
                "Google policy libraries",
            ],
        );
    });

    it("lists a covered anchor with every policy that covers it", () => {
        const md = renderCoverage(policies);
        assert.ok(
            md.includes(
                "| CKV_GCP_4 | `gcp-compute-sslpolicy-enforce-modern-tls`, `gcp-compute-targethttpsproxy-require-ssl-policy` |",
            ),
            md,
        );
    });
});
