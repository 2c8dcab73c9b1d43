/**
 * `npm run status` and `npm run timeline` on a fixture repository whose history holds an
 * incident: a drain committed by one engineer, rate limiting by another, the failback later.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { TempRepo } from "../support/gitRepo";

describe("npm run status and npm run timeline (fixture repository)", function () {
    this.timeout(120000);
    let repo: TempRepo;
    let base: string;
    const commitAs = (who: string, at: string, message: string) => {
        repo.git("add", "-A");
        repo.git(
            "-c",
            `user.name=${who}`,
            "-c",
            "user.email=oncall@example.invalid",
            "commit",
            "--quiet",
            "-m",
            message,
            `--author=${who} <oncall@example.invalid>`,
            `--date=${at}`,
        );
        return repo.git("rev-parse", "--short=7", "HEAD").trim();
    };
    const hashes: string[] = [];

    before(() => {
        repo = new TempRepo();
        base = repo.read("Pulumi.prod-eu.yaml");
        repo.write("Pulumi.prod-eu.yaml", `${base}  voice-agent:forcedFailover: true\n`);
        hashes.push(commitAs("Alice Oncall", "2026-12-07T21:03:00Z", "drain europe-west1"));
        repo.write(
            "Pulumi.prod-eu.yaml",
            `${base}  voice-agent:forcedFailover: true\n  voice-agent:rateLimit:\n    enabled: true\n`,
        );
        hashes.push(commitAs("Bob Second", "2026-12-07T21:20:00Z", "rate limiting on"));
    });
    after(() => repo.dispose());

    it("status fills the runbook's template: scope from the stack, since when from its history, next update 15 minutes out", () => {
        const r = repo.run("tools/status.ts", [
            "--stack",
            "prod-eu",
            "--status",
            "Mitigating",
            "--findings",
            "europe-west1 NEGs unhealthy",
            "--at",
            "2026-12-07T21:30:00Z",
            "--contact",
            "Alice Oncall",
        ]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(
            r.stdout,
            [
                "*Status:* Mitigating",
                "*Start:* 2026-12-07 21:03 UTC",
                '*Scope:* cell eu (prod-eu, project edentist-voice-prod-eu); drained: europe-west1; serving: europe-west4; remediation toggles: forcedFailover=true, rateLimit={"enabled":true,"requestsPerInterval":300,"intervalSec":60,"banDurationSec":600}',
                `*Actions:* voice-agent:forcedFailover=true on prod-eu since 2026-12-07 21:03 UTC (${hashes[0]} by Alice Oncall); voice-agent:rateLimit.enabled=true on prod-eu since 2026-12-07 21:20 UTC (${hashes[1]} by Bob Second)`,
                "*Next Update:* 2026-12-07 21:45 UTC",
                "*Contact:* Alice Oncall / Slack @mentions",
                "",
            ]
                .join("\n")
                .replace("*Actions:*", "*Findings:* europe-west1 NEGs unhealthy\n*Actions:*"),
        );
        const text = repo.run("tools/status.ts", [
            "--stack",
            "prod-eu",
            "--status",
            "Resolved",
            "--at",
            "2026-12-07T22:00:00Z",
            "--format",
            "text",
            "--contact",
            "Alice Oncall",
        ]);
        assert.ok(text.stdout.startsWith("Status: Resolved\nStart: 2026-12-07 21:03 UTC\n"), text.stdout);
        assert.ok(text.stdout.includes("\nNext Update: none (resolved)\n"), text.stdout);
        assert.strictEqual(repo.run("tools/status.ts", ["--stack", "prod-eu", "--status", "Panicking"]).status, 2);
    });

    it("status says when a remediation is not committed yet", () => {
        repo.write("Pulumi.prod-eu.yaml", `${repo.read("Pulumi.prod-eu.yaml")}  voice-agent:voiceMode: hold\n`);
        try {
            const r = repo.run("tools/status.ts", [
                "--stack",
                "prod-eu",
                "--status",
                "Mitigating",
                "--at",
                "2026-12-07T21:30:00Z",
                "--contact",
                "x",
            ]);
            assert.ok(r.stdout.includes('voice-agent:voiceMode="hold" on prod-eu not committed yet'), r.stdout);
        } finally {
            repo.reset();
        }
    });

    it("timeline lists every remediation change of the stack file in the window, with who, what and the commit, and the drill records", () => {
        repo.write("Pulumi.prod-eu.yaml", base);
        hashes.push(commitAs("Alice Oncall", "2026-12-07T22:10:00Z", "fail back, rate limiting off"));
        const r = repo.run("tools/timeline.ts", ["--stack", "prod-eu", "--since", "2026-12-07T21:00:00Z"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(
            r.stdout,
            [
                "# Timeline of prod-eu since 2026-12-07T21:00:00.000Z",
                "",
                "Every remediation change of the stack file (its commits), and the drill and probe records of the window.",
                "",
                "| when (UTC) | who | what | record |",
                "| --- | --- | --- | --- |",
                `| 2026-12-07 21:03:00 | Alice Oncall | voice-agent:forcedFailover (unset) → true | ${hashes[0]} drain europe-west1 |`,
                `| 2026-12-07 21:20:00 | Bob Second | voice-agent:rateLimit.enabled (unset) → true | ${hashes[1]} rate limiting on |`,
                `| 2026-12-07 22:10:00 | Alice Oncall | voice-agent:forcedFailover true → (unset) | ${hashes[2]} fail back, rate limiting off |`,
                `| 2026-12-07 22:10:00 | Alice Oncall | voice-agent:rateLimit.enabled true → (unset) | ${hashes[2]} fail back, rate limiting off |`,
                "",
            ].join("\n"),
        );
        // A probe report saved during the incident adds its error windows.
        const probe = path.join(repo.dir, "probe.json");
        fs.writeFileSync(
            probe,
            JSON.stringify({
                errorWindows: [{ start: Date.parse("2026-12-07T21:00:30Z"), end: Date.parse("2026-12-07T21:04:10Z") }],
            }),
        );
        const withProbe = repo.run("tools/timeline.ts", [
            "--stack",
            "prod-eu",
            "--since",
            "2026-12-07T21:00:00Z",
            "--probe",
            probe,
        ]);
        assert.ok(
            withProbe.stdout.includes(
                "| 2026-12-07 21:00:30 | probe | error window until 2026-12-07T21:04:10.000Z (220000 ms) | probe.json |\n| 2026-12-07 21:03:00 | Alice Oncall |",
            ),
            withProbe.stdout,
        );
        assert.strictEqual(
            repo.run("tools/timeline.ts", ["--stack", "prod-eu", "--since", "yesterday-ish"]).stderr,
            'error: --since: "yesterday-ish" is not a time (ISO 8601, e.g. 2026-12-07T21:00:00Z)\n',
        );
    });
});
