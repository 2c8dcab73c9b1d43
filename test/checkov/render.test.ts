/**
 * The plan as Checkov reads it: Terraform types and attribute names as pulumi-terraform-bridge maps them
 * (blocks as lists of one object, renamed lists under their Terraform name), the paths Checkov's own
 * checks read, secrets masked, and the Kubernetes objects as one manifest file per cluster.
 */
import * as assert from "assert";
import { parseAllDocuments } from "yaml";
import { renderManifests } from "../../tools/lib/checkov/manifests";
import { camelCase, loadNameTable, snakeCase, terraformField } from "../../tools/lib/checkov/names";
import { checkovStacks } from "../../tools/lib/checkov/evidence";
import { gcpResources, renderTerraformPlan, TerraformPlan } from "../../tools/lib/checkov/terraformPlan";
import type { Inventory } from "../../tools/lib/plan";
import { planOf } from "../support/plans";

const names = loadNameTable();

/** The planned values of the resource at `address`. */
function values(plan: TerraformPlan, address: string): Record<string, unknown> {
    const r = plan.planned_values.root_module.resources.find((x) => x.address === address);
    assert.ok(r, `no ${address} in the rendered plan`);
    return r.values;
}

describe("Checkov's view of a plan", () => {
    let inventory: Inventory;
    let plan: TerraformPlan;

    before(async () => {
        inventory = await planOf("prod-eu");
        plan = renderTerraformPlan(inventory, names);
    });

    it("names the bridge's conversions: snake_case, and back before pluralization", () => {
        assert.deepStrictEqual(["ipv4Enabled", "privateIpGoogleAccess", "enableL4IlbSubsetting"].map(snakeCase), [
            "ipv4_enabled",
            "private_ip_google_access",
            "enable_l4_ilb_subsetting",
        ]);
        assert.strictEqual(camelCase("ip_configuration"), "ipConfiguration");
        const backend = names.resources["gcp:compute/backendService:BackendService"]?.fields;
        const firewall = names.resources["gcp:compute/firewall:Firewall"]?.fields;
        assert.deepStrictEqual(
            [terraformField("backends", backend, "b").name, terraformField("denies", firewall, "f").name],
            ["backend", "deny"],
        );
    });

    it("records its bridge metadata's pulumi-gcp release, and has every GCP type of the committed stacks", async () => {
        assert.deepStrictEqual(names.source, {
            pulumiGcp: "v9.35.0",
            file: "provider/cmd/pulumi-resource-gcp/bridge-metadata.json",
        });
        for (const stack of checkovStacks) {
            const missing = gcpResources(await planOf(stack)).filter((r) => !names.resources[r.type]);
            assert.deepStrictEqual(
                missing.map((r) => r.type),
                [],
                stack,
            );
        }
    });

    it("renders each GCP resource once, as a create, the same values in planned_values and resource_changes", () => {
        const count = gcpResources(inventory).length;
        assert.strictEqual(plan.planned_values.root_module.resources.length, count);
        assert.strictEqual(plan.resource_changes.length, count);
        assert.strictEqual(new Set(plan.resource_changes.map((r) => r.address)).size, count);
        for (const [i, r] of plan.resource_changes.entries()) {
            assert.deepStrictEqual(r.change.after, plan.planned_values.root_module.resources[i]?.values, r.address);
        }
    });

    it("gives Cloud SQL the paths CKV_GCP_6 and the flag checks read (settings/[0]/ip_configuration/[0]/…)", () => {
        const sql = values(plan, "google_sql_database_instance.voice-db-europe-west1");
        const settings = (sql.settings as Record<string, unknown>[])[0];
        assert.deepStrictEqual((settings?.ip_configuration as unknown[])[0], {
            ipv4_enabled: false,
            private_network: "projects/edentist-voice-prod-eu/global/networks/voice-eu",
            server_ca_mode: "GOOGLE_MANAGED_CAS_CA",
            ssl_mode: "ENCRYPTED_ONLY",
        });
        assert.deepStrictEqual((settings?.database_flags as unknown[])[3], { name: "log_connections", value: "on" });
        assert.strictEqual(sql.database_version, "POSTGRES_16");
        assert.deepStrictEqual(settings?.user_labels, {
            app: "voice-agent",
            cell: "eu",
            component: "database",
            environment: "prod",
            "managed-by": "pulumi",
        });
    });

    it("renames pluralized lists back (backends → backend, allows → allow), wraps a flattened scalar list", () => {
        const backend = values(plan, "google_compute_backend_service.voice-eu-lb-backend");
        assert.strictEqual((backend.backend as unknown[]).length, 6);
        assert.deepStrictEqual(backend.health_checks, [
            "projects/edentist-voice-prod-eu/global/healthChecks/voice-eu-lb-health",
        ]);
        const firewall = values(plan, "google_compute_firewall.voice-eu-allow-health-checks");
        assert.deepStrictEqual(firewall.allow, [{ ports: ["8080"], protocol: "tcp" }]);
        assert.deepStrictEqual(firewall.source_ranges, ["35.191.0.0/16", "130.211.0.0/22"]);
    });

    it("keeps a secret masked and marks it sensitive, as the plan does", () => {
        const change = plan.resource_changes.find(
            (r) => r.address === "google_monitoring_notification_channel.voice-eu-obs-channels-pagerduty",
        );
        assert.deepStrictEqual(change?.change.after.sensitive_labels, [{ service_key: "[secret]" }]);
        assert.deepStrictEqual(change?.change.after_sensitive, { sensitive_labels: [{ service_key: true }] });
        assert.deepStrictEqual(change?.change.after_unknown, {});
    });

    it("connects an input to the resource it takes its value from, as Terraform's configuration does", () => {
        const subnet = plan.configuration.root_module.resources.find(
            (r) => r.address === "google_compute_subnetwork.voice-eu-europe-west1",
        );
        assert.deepStrictEqual(subnet?.expressions, {
            network: { references: ["google_compute_network.voice-eu.id", "google_compute_network.voice-eu"] },
        });
    });

    it("refuses an input the Terraform resource has no such list for, naming its path", () => {
        const broken = {
            ...inventory,
            resources: inventory.resources.map((r) =>
                r.type === "gcp:compute/sSLPolicy:SSLPolicy"
                    ? { ...r, inputs: { ...r.inputs, profiles: ["MODERN"] } }
                    : r,
            ),
        };
        assert.throws(
            () => renderTerraformPlan(broken, names),
            new RegExp(
                "gcp:compute/sSLPolicy:SSLPolicy::voice-eu-lb-tls\\.profiles: " +
                    "an array, but the Terraform resource has no such list$",
            ),
        );
    });

    it("writes each cluster's Kubernetes objects to its own manifest file, in plan order", () => {
        const files = renderManifests(inventory);
        assert.deepStrictEqual(
            files.map((f) => [f.cluster, parseAllDocuments(f.yaml).map((d) => d.get("kind"))]),
            ["voice-cluster-europe-west1", "voice-cluster-europe-west4"].map((cluster) => [
                cluster,
                inventory.resources
                    .filter((r) => r.type.startsWith("kubernetes:") && r.provider.endsWith(`::${cluster}`))
                    .map((r) => r.inputs.kind),
            ]),
        );
        const secret = parseAllDocuments(files[0]?.yaml ?? "").find((d) => d.get("kind") === "Secret");
        assert.strictEqual(secret?.get("stringData"), "[secret]");
    });
});
