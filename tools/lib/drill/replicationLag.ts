/**
 * Where a live drill reads a Cloud SQL replica's replication lag: a small interface, and its one
 * real implementation on Cloud Monitoring's REST API, `projects.timeSeries.list`
 * (https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.timeSeries/list): GET
 * `{base}/v3/projects/{project}/timeSeries` with a filter naming one metric type and one instance,
 * `interval.startTime`/`interval.endTime`, raw points (no aggregation: the gauge is sampled every
 * 60 s, which is the resolution RPO is read at), and `nextPageToken` followed page by page. Points
 * come back newest first; the source returns them oldest first.
 *
 * The access token comes from the drill lead's own gcloud login (`gcloud auth print-access-token`,
 * or GOOGLE_OAUTH_ACCESS_TOKEN, which requireGoogleCredentials accepts too). Every failure is a
 * ReplicationLagError whose message names what is missing or what the API answered, with the
 * token cut out: the report prints it as the reason RPO was not measured.
 */
import * as http from "http";
import * as https from "https";
import { z } from "zod";
import { sqlDatabaseId, sqlReplicaLagMetric } from "../../../core/cloudSqlMonitoring";
import { runChild, type ChildResult } from "../children";
import { requireCommand } from "../prerequisites";
import { escapeLine, UserInputError } from "../userError";

/** One sample of the lag: when Cloud Monitoring says it was taken, and the seconds the replica was behind. */
export interface LagPoint {
    at: number;
    seconds: number;
}

export interface LagQuery {
    project: string;
    /** The Cloud SQL instance's physical name (the stack output database.instances). */
    instance: string;
    /** Epoch ms: the points whose time falls in (start, end]. */
    start: number;
    end: number;
}

export interface ReplicationLagSource {
    /** The lag series of one instance over a window, oldest point first; [] when Monitoring has none. */
    lagSeries(q: LagQuery): Promise<LagPoint[]>;
}

/** RPO could not be read: the message says what is missing or what Cloud Monitoring answered. */
export class ReplicationLagError extends UserInputError {}

export const monitoringBase = "https://monitoring.googleapis.com";

export interface MonitoringOptions {
    /** The bearer token of the calls (asked once, on the first query). */
    accessToken: () => Promise<string>;
    /** Scheme, host and port of the API; tests give a server on 127.0.0.1. */
    baseUrl?: string;
    timeoutMs?: number;
    /** Bytes of one answer; a larger one is refused (a window of one gauge is a few kilobytes). */
    maxBodyBytes?: number;
    /** Pages followed before giving up (one window of one instance fits in one). */
    maxPages?: number;
}

const pointSchema = z
    .object({
        interval: z.object({ endTime: z.string() }).loose(),
        value: z.object({ doubleValue: z.number().optional(), int64Value: z.string().optional() }).loose(),
    })
    .loose();

const listSchema = z
    .object({
        timeSeries: z.array(z.object({ points: z.array(pointSchema).default([]) }).loose()).default([]),
        nextPageToken: z.string().optional(),
    })
    .loose();

const errorSchema = z.object({
    error: z.object({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() }),
});

/** The filter of one instance's replica lag: the metric the `Cloud SQL replica lag` alert watches. */
export function lagFilter(project: string, instance: string): string {
    return [
        `metric.type = "${sqlReplicaLagMetric.type}"`,
        `resource.type = "${sqlReplicaLagMetric.resourceType}"`,
        `resource.labels.database_id = "${sqlDatabaseId(project, instance)}"`,
    ].join(" AND ");
}

export class MonitoringLagSource implements ReplicationLagSource {
    private token?: Promise<string>;
    private readonly base: string;

    constructor(private readonly opts: MonitoringOptions) {
        this.base = (opts.baseUrl ?? monitoringBase).replace(/\/+$/, "");
    }

    async lagSeries(q: LagQuery): Promise<LagPoint[]> {
        this.token ??= this.opts.accessToken();
        const token = await this.token;
        const points: LagPoint[] = [];
        let pageToken: string | undefined;
        const maxPages = this.opts.maxPages ?? 20;
        for (let page = 0; ; page++) {
            if (page === maxPages)
                throw new ReplicationLagError(
                    `Cloud Monitoring still had pages after ${maxPages}; the lag series of ${q.instance} was not read whole`,
                );
            const url = new URL(`${this.base}/v3/projects/${encodeURIComponent(q.project)}/timeSeries`);
            url.searchParams.set("filter", lagFilter(q.project, q.instance));
            url.searchParams.set("interval.startTime", new Date(q.start).toISOString());
            url.searchParams.set("interval.endTime", new Date(q.end).toISOString());
            url.searchParams.set("view", "FULL");
            if (pageToken !== undefined) url.searchParams.set("pageToken", pageToken);
            const body = await this.get(url, token);
            const parsed = listSchema.safeParse(body);
            if (!parsed.success)
                throw new ReplicationLagError(
                    `Cloud Monitoring's answer is not a timeSeries.list response (${redact(parsed.error.issues[0]?.message ?? "unexpected shape", token)})`,
                );
            for (const series of parsed.data.timeSeries) {
                for (const p of series.points) {
                    const at = Date.parse(p.interval.endTime);
                    const seconds = p.value.doubleValue ?? Number(p.value.int64Value);
                    if (Number.isNaN(at) || !Number.isFinite(seconds))
                        throw new ReplicationLagError(
                            `Cloud Monitoring's answer has a point that is not a time and a number: ${escapeLine(redact(JSON.stringify(p), token)).slice(0, 200)}`,
                        );
                    points.push({ at, seconds });
                }
            }
            pageToken = parsed.data.nextPageToken;
            if (!pageToken) break;
        }
        return points.sort((a, b) => a.at - b.at);
    }

    /** One GET: the parsed JSON of a 2xx answer, or a ReplicationLagError naming the status and Google's message. */
    private get(url: URL, token: string): Promise<unknown> {
        const limit = this.opts.maxBodyBytes ?? 4 * 1024 * 1024;
        const timeoutMs = this.opts.timeoutMs ?? 30_000;
        const shown = `${url.origin}${url.pathname}`;
        return new Promise((resolve, reject) => {
            const fail = (message: string) => reject(new ReplicationLagError(redact(message, token)));
            const request = url.protocol === "https:" ? https.request : http.request;
            const req = request(
                url,
                {
                    method: "GET",
                    agent: false,
                    timeout: timeoutMs,
                    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    let total = 0;
                    res.on("data", (d: Buffer) => {
                        total += d.length;
                        if (total > limit) {
                            res.destroy();
                            req.destroy();
                            fail(`Cloud Monitoring's answer from ${shown} is larger than ${limit} bytes; not read`);
                            return;
                        }
                        chunks.push(d);
                    });
                    res.on("error", (e: NodeJS.ErrnoException) =>
                        fail(`Cloud Monitoring's answer from ${shown} was cut short (${e.code ?? e.message})`),
                    );
                    res.on("end", () => {
                        if (total > limit) return;
                        const text = Buffer.concat(chunks).toString("utf8");
                        const status = res.statusCode ?? 0;
                        let json: unknown;
                        try {
                            json = JSON.parse(text);
                        } catch {
                            json = undefined;
                        }
                        if (status < 200 || status >= 300) {
                            const e = errorSchema.safeParse(json);
                            const said = e.success
                                ? `${e.data.error.status ? `${e.data.error.status}: ` : ""}${e.data.error.message ?? "no message"}`
                                : text.trim() === ""
                                  ? "an empty body"
                                  : text.trim().slice(0, 200);
                            fail(`Cloud Monitoring answered HTTP ${status} (${escapeLine(redact(said, token))})`);
                            return;
                        }
                        if (json === undefined) {
                            fail(`Cloud Monitoring's answer from ${shown} is not JSON`);
                            return;
                        }
                        resolve(json);
                    });
                },
            );
            req.on("timeout", () => {
                req.destroy();
                fail(`Cloud Monitoring did not answer within ${timeoutMs / 1000} s (${shown})`);
            });
            req.on("error", (e: NodeJS.ErrnoException) =>
                fail(`Cloud Monitoring could not be reached at ${shown} (${e.code ?? e.message})`),
            );
            req.end();
        });
    }
}

/** `text` without `token`: a token never reaches a message, a log line or a report. */
function redact(text: string, token: string): string {
    return token === "" ? text : text.split(token).join("[access token]");
}

export type ChildRunner = (command: string, args: readonly string[]) => Promise<ChildResult>;

/**
 * The drill lead's access token: GOOGLE_OAUTH_ACCESS_TOKEN if set, else `gcloud auth
 * print-access-token`. Without gcloud, or when it cannot print a token, the error says what to
 * install or which login to run; gcloud's own output is quoted without any token in it.
 */
export async function gcloudAccessToken(
    env: NodeJS.ProcessEnv = process.env,
    run: ChildRunner = (command, args) =>
        runChild(command, args, { cwd: process.cwd(), timeoutMs: 60_000, maxOutputBytes: 64 * 1024, env }),
): Promise<string> {
    const fromEnv = env.GOOGLE_OAUTH_ACCESS_TOKEN?.trim();
    if (fromEnv) return fromEnv;
    const neededFor = "measuring RPO (an access token for Cloud Monitoring)";
    try {
        requireCommand("gcloud", neededFor, env);
    } catch (e) {
        throw new ReplicationLagError(`${(e as Error).message}, then \`gcloud auth login\``);
    }
    const r = await run("gcloud", ["auth", "print-access-token"]);
    const token = r.stdout.trim();
    if (r.spawnError !== undefined)
        throw new ReplicationLagError(`gcloud could not be started (${r.spawnError}); ${neededFor} needs it`);
    if (r.timedOut) throw new ReplicationLagError("`gcloud auth print-access-token` did not finish within 60 s");
    if (r.status !== 0 || token === "") {
        const said = redact(r.stderr, token).trim().split("\n").filter(Boolean).pop() ?? "no message";
        throw new ReplicationLagError(
            `\`gcloud auth print-access-token\` ${r.status !== 0 ? `failed (exit ${r.status ?? r.signal})` : "printed no token"}: ${escapeLine(said).slice(0, 300)}; log in with \`gcloud auth login\``,
        );
    }
    return token;
}
