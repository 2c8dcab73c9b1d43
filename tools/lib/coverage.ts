/**
 * policies/COVERAGE.md: which policy covers each anchor check ID of the public rule sets,
 * generated from the policies' own metadata so it cannot drift from the code.
 */
import { VoicePolicy } from "../../policies/lib/define";
import { anchorMismatches, Disposition, failingChecks, notBreakable } from "./checkov/dispositions";
import {
    BreakagesEvidence,
    checkovStacks,
    readBreakagesEvidence,
    readStackEvidence,
    StackEvidence,
} from "./checkov/evidence";

/** The rule set an anchor belongs to, for grouping the table. */
export function ruleSet(anchor: string): string {
    if (/^CKV2?_GCP_/.test(anchor)) return "Checkov (Google Cloud)";
    if (/^CKV_K8S_/.test(anchor)) return "Checkov (Kubernetes)";
    if (anchor.startsWith("AVD-GCP-")) return "trivy (AVD-GCP)";
    if (anchor.startsWith("CIS GCP")) return "CIS Google Cloud Platform Foundation 4.0";
    if (anchor.startsWith("CIS GKE")) return "CIS GKE Benchmark 1.4";
    if (anchor.startsWith("KICS")) return "KICS";
    if (anchor.startsWith("kube-score")) return "kube-score";
    if (anchor.startsWith("Polaris")) return "Polaris";
    if (anchor.startsWith("kube-linter")) return "kube-linter";
    return "Google policy libraries";
}

/** Natural order so CKV_GCP_9 sorts before CKV_GCP_10 and CIS 6.2.10 after 6.2.9. */
function naturalCompare(a: string, b: string): number {
    return a.localeCompare(b, "en", { numeric: true });
}

/** What `npm run checkov` found (docs/checkov/) and what the pack makes of it. */
export interface CheckovCoverage {
    stacks: StackEvidence[];
    breakages: BreakagesEvidence;
    failingChecks: Record<string, Disposition>;
    notBreakable: Record<string, string>;
    anchorMismatches: Record<string, Disposition>;
}

export function committedCheckovCoverage(): CheckovCoverage {
    return {
        stacks: checkovStacks.map((s) => readStackEvidence(s)),
        breakages: readBreakagesEvidence(),
        failingChecks,
        notBreakable,
        anchorMismatches,
    };
}

function policyList(names: string[]): string {
    return names.map((n) => `\`${n}\``).join(", ");
}

/**
 * The Checkov section: each check that fails on a committed stack with the pack's answer, then each
 * check the pack claims with the broken variant that Checkov failed (or why there is none).
 */
function renderCheckov(policies: VoicePolicy[], checkov: CheckovCoverage): string[] {
    const version = checkov.stacks[0]?.checkov ?? "";
    const stackNames = checkov.stacks.map((s) => s.stack).join(", ");
    const lines = [
        "## Checkov on the committed stacks",
        "",
        `\`npm run checkov\` runs Checkov ${version} on the committed stacks (${stackNames})`,
        `and on one broken variant of the ${checkov.breakages.base} plan per claimed check;`,
        "`docs/checkov/` holds the results, from which this section is generated.",
        "",
        "### Checks that fail on a committed stack",
        "",
        "| Check | Checkov | Failed resources | Pack |",
        "|---|---|---|---|",
    ];
    const failing = new Map<string, { name: string; counts: string[] }>();
    for (const s of checkov.stacks) {
        for (const framework of Object.values(s.frameworks)) {
            for (const [id, c] of Object.entries(framework.checks)) {
                if (c.failed.length === 0) continue;
                const f = failing.get(id) ?? { name: c.name, counts: [] };
                f.counts.push(`${s.stack} ${c.failed.length}`);
                failing.set(id, f);
            }
        }
    }
    for (const id of [...failing.keys()].sort(naturalCompare)) {
        const f = failing.get(id);
        const d = checkov.failingChecks[id];
        const also = d?.pack.length ? `${policyList(d.pack)} also fail: ` : "";
        const pack = d ? `${also}${d.reason}` : "**no disposition**";
        lines.push(`| ${id} | ${f?.name ?? ""} | ${f?.counts.join(", ") ?? ""} | ${pack} |`);
    }
    lines.push(
        "",
        "### Claimed checks on a broken variant",
        "",
        "| Check | Policy | Broken variant | Checkov failed |",
        "|---|---|---|---|",
    );
    const claimed = [...new Set(policies.flatMap((p) => p.anchors).filter((a) => /^CKV2?_(GCP|K8S)_/.test(a)))];
    for (const id of claimed.sort(naturalCompare)) {
        const anchored = policies
            .filter((p) => p.anchors.includes(id))
            .map((p) => p.name)
            .sort();
        const variants = checkov.breakages.breakages.filter((b) => id in b.failed);
        const reason = checkov.notBreakable[id];
        const mismatch = checkov.anchorMismatches[id];
        const variant = variants.length ? variants.map((b) => b.name).join("; ") : `none: ${reason ?? "**missing**"}`;
        let failed = variants.map((b) => (b.failed[id] ?? []).join(", ") || "**passed**").join("; ");
        const unbroken = checkov.stacks.find((s) => s.stack === checkov.breakages.base);
        const before = Object.values(unbroken?.frameworks ?? {}).flatMap((f) => f.checks[id]?.failed ?? []);
        if (variants.length && before.length) failed += ` (the unbroken plan fails ${before.length} already)`;
        if (mismatch) {
            const instead = mismatch.pack.length
                ? `the pack fails it with ${policyList(mismatch.pack)}`
                : "the pack passes it";
            failed += ` (${instead}: ${mismatch.reason})`;
        }
        lines.push(`| ${id} | ${policyList(anchored)} | ${variant} | ${failed || "-"} |`);
    }
    lines.push("");
    return lines;
}

export function renderCoverage(policies: VoicePolicy[], checkov: CheckovCoverage = committedCheckovCoverage()): string {
    const byAnchor = new Map<string, string[]>();
    for (const p of policies) {
        for (const anchor of p.anchors) byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), p.name]);
    }
    const sets = new Map<string, string[]>();
    for (const anchor of byAnchor.keys()) sets.set(ruleSet(anchor), [...(sets.get(ruleSet(anchor)) ?? []), anchor]);

    const lines = [
        "# Policy coverage",
        "",
        "Generated by `npm run policy:coverage` from the `anchors` metadata of each policy in `policies/`;",
        "a test fails when this file is out of date. Do not edit by hand.",
        "",
        `${policies.length} policies, ${byAnchor.size} anchor check IDs.`,
        "",
    ];
    for (const set of [...sets.keys()].sort(naturalCompare)) {
        lines.push(`## ${set}`, "", "| Anchor | Policy |", "|---|---|");
        for (const anchor of sets.get(set)!.sort(naturalCompare)) {
            lines.push(
                `| ${anchor} | ${byAnchor
                    .get(anchor)!
                    .sort()
                    .map((n) => `\`${n}\``)
                    .join(", ")} |`,
            );
        }
        lines.push("");
    }
    lines.push(...renderCheckov(policies, checkov));
    const own = policies
        .filter((p) => p.anchors.length === 0)
        .map((p) => p.name)
        .sort();
    lines.push(
        "## Rules no public rule set has",
        "",
        "High availability, disaster recovery and remediation safety.",
        "",
        "| Policy | Severity | Enforcement | Description |",
        "|---|---|---|---|",
    );
    for (const name of own) {
        const p = policies.find((x) => x.name === name)!;
        lines.push(`| \`${p.name}\` | ${p.severity} | ${p.enforcementLevel} | ${p.description} |`);
    }
    lines.push("");
    lines.push("## All policies", "", "| Policy | Category | Severity | Enforcement |", "|---|---|---|---|");
    for (const p of [...policies].sort((a, b) => a.name.localeCompare(b.name))) {
        lines.push(`| \`${p.name}\` | ${p.category} | ${p.severity} | ${p.enforcementLevel} |`);
    }
    return lines.join("\n") + "\n";
}
