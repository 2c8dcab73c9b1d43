/**
 * The Cloud Monitoring client of RPO against a stub API on 127.0.0.1: real HTTP, the JSON of
 * `projects.timeSeries.list` (points newest first, `nextPageToken`, no `timeSeries` when nothing
 * matches, Google's error body), and every way an answer can be unusable. The access token is
 * from gcloud (a stand-in script on PATH) or the environment, and never appears in a message.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import {
    gcloudAccessToken,
    lagFilter,
    MonitoringLagSource,
    ReplicationLagError,
} from "../../../../tools/lib/drill/replicationLag";

const project = "edentist-voice-sandbox";
const instance = "voice-db-europe-west4-1a2b3c4d";
const token = "ya29.a0-stub-token-never-printed";
const t0 = Date.parse("2026-12-08T01:00:00.000Z");
const query = { project, instance, start: t0 - 300_000, end: t0 };

type Handler = (req: http.IncomingMessage, url: URL, res: http.ServerResponse) => void;

/** A stub Monitoring API: every request recorded, each answered by `handler`. */
class StubMonitoring {
    readonly requests: { url: URL; authorization?: string }[] = [];
    private server?: http.Server;
    handler: Handler = (_req, _url, res) => res.end("{}");

    async start(): Promise<string> {
        this.server = http.createServer((req, res) => {
            const url = new URL(req.url ?? "/", "http://127.0.0.1");
            this.requests.push({ url, authorization: req.headers.authorization });
            this.handler(req, url, res);
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    stop(): Promise<void> {
        return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

const series = (points: [string, number][]) => ({
    metric: { type: "cloudsql.googleapis.com/database/replication/replica_lag", labels: {} },
    resource: {
        type: "cloudsql_database",
        labels: { project_id: project, database_id: `${project}:${instance}`, region: "europe-west4" },
    },
    metricKind: "GAUGE",
    valueType: "DOUBLE",
    points: points.map(([t, v]) => ({ interval: { startTime: t, endTime: t }, value: { doubleValue: v } })),
});

describe("RPO: Cloud Monitoring's replica lag (stub API on 127.0.0.1)", () => {
    let stub: StubMonitoring;
    let base: string;
    beforeEach(async () => {
        stub = new StubMonitoring();
        base = await stub.start();
    });
    afterEach(() => stub.stop());

    const source = (opts: Partial<ConstructorParameters<typeof MonitoringLagSource>[0]> = {}) =>
        new MonitoringLagSource({ accessToken: async () => token, baseUrl: base, ...opts });

    async function rejection(p: Promise<unknown>): Promise<string> {
        try {
            await p;
        } catch (e) {
            assert.ok(e instanceof ReplicationLagError, String(e));
            assert.ok(!e.message.includes(token), e.message);
            return e.message;
        }
        assert.fail("resolved");
    }

    it("follows nextPageToken and returns every point oldest first; the request names the metric, the instance and the window", async () => {
        stub.handler = (_req, url, res) =>
            url.searchParams.get("pageToken") === "page-2"
                ? json(res, 200, {
                      timeSeries: [
                          series([
                              ["2026-12-08T00:57:00.000Z", 2.5],
                              ["2026-12-08T00:56:00.000Z", 1],
                          ]),
                      ],
                      unit: "s",
                  })
                : json(res, 200, {
                      timeSeries: [
                          series([
                              ["2026-12-08T00:59:00.123456Z", 4],
                              ["2026-12-08T00:58:00Z", 3.25],
                          ]),
                      ],
                      nextPageToken: "page-2",
                      unit: "s",
                  });
        const points = await source().lagSeries(query);
        assert.deepStrictEqual(points, [
            { at: Date.parse("2026-12-08T00:56:00.000Z"), seconds: 1 },
            { at: Date.parse("2026-12-08T00:57:00.000Z"), seconds: 2.5 },
            { at: Date.parse("2026-12-08T00:58:00.000Z"), seconds: 3.25 },
            { at: Date.parse("2026-12-08T00:59:00.123Z"), seconds: 4 },
        ]);
        assert.deepStrictEqual(
            stub.requests.map((r) => [
                r.url.pathname,
                Object.fromEntries(r.url.searchParams.entries()),
                r.authorization === `Bearer ${token}`,
            ]),
            [
                [
                    `/v3/projects/${project}/timeSeries`,
                    {
                        filter: 'metric.type = "cloudsql.googleapis.com/database/replication/replica_lag" AND resource.type = "cloudsql_database" AND resource.labels.database_id = "edentist-voice-sandbox:voice-db-europe-west4-1a2b3c4d"',
                        "interval.startTime": "2026-12-08T00:55:00.000Z",
                        "interval.endTime": "2026-12-08T01:00:00.000Z",
                        view: "FULL",
                    },
                    true,
                ],
                [
                    `/v3/projects/${project}/timeSeries`,
                    {
                        filter: lagFilter(project, instance),
                        "interval.startTime": "2026-12-08T00:55:00.000Z",
                        "interval.endTime": "2026-12-08T01:00:00.000Z",
                        view: "FULL",
                        pageToken: "page-2",
                    },
                    true,
                ],
            ],
        );
    });

    it("no series in the window (Monitoring leaves timeSeries out): no points", async () => {
        stub.handler = (_req, _url, res) => json(res, 200, { unit: "s" });
        assert.deepStrictEqual(await source().lagSeries(query), []);
        stub.handler = (_req, _url, res) => json(res, 200, {});
        assert.deepStrictEqual(await source().lagSeries(query), []);
    });

    it("asks gcloud for the token once per source, not once per query", async () => {
        let asked = 0;
        const s = source({
            accessToken: async () => {
                asked++;
                return token;
            },
        });
        await s.lagSeries(query);
        await s.lagSeries(query);
        assert.strictEqual(asked, 1);
        assert.strictEqual(stub.requests.length, 2);
    });

    it("an HTTP error is its status and Google's message, the token cut out of it", async () => {
        stub.handler = (_req, _url, res) =>
            json(res, 403, {
                error: {
                    code: 403,
                    message: "Permission monitoring.timeSeries.list denied (or the resource may not exist).",
                    status: "PERMISSION_DENIED",
                },
            });
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            "Cloud Monitoring answered HTTP 403 (PERMISSION_DENIED: Permission monitoring.timeSeries.list denied (or the resource may not exist).)",
        );
        stub.handler = (req, _url, res) =>
            json(res, 401, {
                error: {
                    code: 401,
                    message: `Request had invalid authentication credentials: ${req.headers.authorization}`,
                    status: "UNAUTHENTICATED",
                },
            });
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            "Cloud Monitoring answered HTTP 401 (UNAUTHENTICATED: Request had invalid authentication credentials: Bearer [access token])",
        );
        stub.handler = (_req, _url, res) =>
            res.writeHead(500, { "content-type": "text/plain" }).end("upstream connect error\n");
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            "Cloud Monitoring answered HTTP 500 (upstream connect error)",
        );
        stub.handler = (_req, _url, res) => res.writeHead(404).end();
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            "Cloud Monitoring answered HTTP 404 (an empty body)",
        );
    });

    it("a 200 that is not JSON, not the list's shape, or has a point without a time: refused, naming it", async () => {
        stub.handler = (_req, _url, res) => res.writeHead(200).end('{"timeSeries": [');
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            `Cloud Monitoring's answer from ${base}/v3/projects/${project}/timeSeries is not JSON`,
        );
        stub.handler = (_req, _url, res) => json(res, 200, { timeSeries: "none" });
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            "Cloud Monitoring's answer is not a timeSeries.list response (Invalid input: expected array, received string)",
        );
        stub.handler = (_req, _url, res) =>
            json(res, 200, {
                timeSeries: [{ points: [{ interval: { endTime: "yesterday" }, value: { doubleValue: 1 } }] }],
            });
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            `Cloud Monitoring's answer has a point that is not a time and a number: {"interval":{"endTime":"yesterday"},"value":{"doubleValue":1}}`,
        );
    });

    it("an answer over the byte limit is cut off and refused", async () => {
        stub.handler = (_req, _url, res) =>
            json(res, 200, {
                timeSeries: [series(Array.from({ length: 200 }, (_, i) => [new Date(t0 - i * 1000).toISOString(), i]))],
            });
        assert.strictEqual(
            await rejection(source({ maxBodyBytes: 4096 }).lagSeries(query)),
            `Cloud Monitoring's answer from ${base}/v3/projects/${project}/timeSeries is larger than 4096 bytes; not read`,
        );
    });

    it("pages without end stop at the page cap", async () => {
        let n = 0;
        stub.handler = (_req, _url, res) => json(res, 200, { nextPageToken: `p${++n}` });
        assert.strictEqual(
            await rejection(source({ maxPages: 3 }).lagSeries(query)),
            `Cloud Monitoring still had pages after 3; the lag series of ${instance} was not read whole`,
        );
        assert.strictEqual(stub.requests.length, 3);
    });

    it("nobody listening, or no answer in time: the address and what happened", async () => {
        stub.handler = () => undefined;
        assert.strictEqual(
            await rejection(source({ timeoutMs: 200 }).lagSeries(query)),
            `Cloud Monitoring did not answer within 0.2 s (${base}/v3/projects/${project}/timeSeries)`,
        );
        await stub.stop();
        assert.strictEqual(
            await rejection(source().lagSeries(query)),
            `Cloud Monitoring could not be reached at ${base}/v3/projects/${project}/timeSeries (ECONNREFUSED)`,
        );
        stub = new StubMonitoring();
        await stub.start();
    });
});

describe("RPO: the access token", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "rpo-token-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A stand-in gcloud on PATH that prints `stdout` and `stderr` and exits with `code`. */
    function fakeGcloud(stdout: string, stderr: string, code: number): NodeJS.ProcessEnv {
        fs.writeFileSync(
            path.join(dir, "gcloud"),
            `#!/bin/sh\nprintf '%s' '${stdout}'\nprintf '%s\\n' '${stderr}' >&2\nexit ${code}\n`,
            { mode: 0o755 },
        );
        return { PATH: dir, HOME: dir };
    }

    async function rejection(p: Promise<unknown>): Promise<string> {
        try {
            await p;
        } catch (e) {
            assert.ok(e instanceof ReplicationLagError, String(e));
            return e.message;
        }
        assert.fail("resolved");
    }

    it("is gcloud's, or GOOGLE_OAUTH_ACCESS_TOKEN's when set", async () => {
        assert.strictEqual(await gcloudAccessToken(fakeGcloud(`${token}\n`, "", 0)), token);
        assert.strictEqual(
            await gcloudAccessToken({ PATH: path.join(dir, "none"), GOOGLE_OAUTH_ACCESS_TOKEN: token }),
            token,
        );
    });

    it("without gcloud: names it and how to get it and log in", async () => {
        assert.strictEqual(
            await rejection(gcloudAccessToken({ PATH: path.join(dir, "none"), HOME: dir })),
            "gcloud is not on PATH; measuring RPO (an access token for Cloud Monitoring) needs it: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install), then `gcloud auth login`",
        );
    });

    it("gcloud without a login: its last line of complaint and the login to run, never a token", async () => {
        assert.strictEqual(
            await rejection(
                gcloudAccessToken(
                    fakeGcloud(
                        "",
                        "ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected.",
                        1,
                    ),
                ),
            ),
            "`gcloud auth print-access-token` failed (exit 1): ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected.; log in with `gcloud auth login`",
        );
        const message = await rejection(gcloudAccessToken(fakeGcloud(token, `refresh failed for ${token}`, 1)));
        assert.strictEqual(
            message,
            "`gcloud auth print-access-token` failed (exit 1): refresh failed for [access token]; log in with `gcloud auth login`",
        );
        assert.strictEqual(
            await rejection(gcloudAccessToken(fakeGcloud("", "", 0))),
            "`gcloud auth print-access-token` printed no token: no message; log in with `gcloud auth login`",
        );
    });
});
