/**
 * Google's Dashboard schema (the protos shipped in @google-cloud/monitoring-dashboards, loaded with
 * protobufjs) as a validator for proto3-JSON dashboards: no unknown field, no wrong type, and a
 * round trip through the schema gives back the same object.
 */
import * as path from "path";
import * as protobuf from "protobufjs";

const protosJson = path.join(
    path.dirname(require.resolve("@google-cloud/monitoring-dashboards/package.json")),
    "build",
    "protos",
    "protos.json",
);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated protos JSON is found at run time
const root = protobuf.Root.fromJSON(require(protosJson));
root.resolveAll();
const DashboardType = root.lookupType("google.monitoring.dashboard.v1.Dashboard");

/**
 * proto3 JSON writes google.protobuf.Duration as "<seconds>s" (https://protobuf.dev/programming-guides/json/);
 * protobufjs's fromObject/toObject know only its message form {seconds, nanos}. These two walks
 * convert Duration fields between the forms, guided by the schema, and leave everything else
 * (unknown fields included) as it is for fromObject to judge.
 */
function durationsToMessages(type: protobuf.Type, json: unknown): unknown {
    if (!json || typeof json !== "object" || Array.isArray(json)) return json;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
        const field = type.fields[k];
        const sub = field?.resolve().resolvedType;
        const one = (x: unknown): unknown => {
            if (!(sub instanceof protobuf.Type)) return x;
            if (sub.fullName === ".google.protobuf.Duration") {
                if (typeof x !== "string") return x;
                const m = /^(-?\d+)(?:\.(\d{1,9}))?s$/.exec(x);
                if (!m) throw new TypeError(`${type.name}.${k}: "${x}" is not a proto3 JSON Duration`);
                return { seconds: Number(m[1]), ...(m[2] ? { nanos: Number(m[2].padEnd(9, "0")) } : {}) };
            }
            return durationsToMessages(sub, x);
        };
        out[k] = field?.repeated && Array.isArray(v) ? v.map(one) : field?.map ? v : one(v);
    }
    return out;
}

function durationsToJson(type: protobuf.Type, obj: unknown): unknown {
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) return obj;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
        const field = type.fields[k];
        const sub = field?.resolve().resolvedType;
        const one = (x: unknown): unknown => {
            if (!(sub instanceof protobuf.Type)) return x;
            if (sub.fullName === ".google.protobuf.Duration") {
                const d = x as { seconds?: string | number; nanos?: number };
                return `${Number(d.seconds ?? 0)}${d.nanos ? `.${String(d.nanos).padStart(9, "0").replace(/0+$/, "")}` : ""}s`;
            }
            return durationsToJson(sub, x);
        };
        out[k] = field?.repeated && Array.isArray(v) ? v.map(one) : field?.map ? v : one(v);
    }
    return out;
}

/** Problems Google's Dashboard schema finds in a proto3-JSON dashboard; empty when it is accepted as is. */
export function schemaProblems(json: unknown): string[] {
    let message: protobuf.Message;
    try {
        message = DashboardType.fromObject(durationsToMessages(DashboardType, json) as Record<string, unknown>);
    } catch (e) {
        return [`fromObject: ${(e as Error).message}`];
    }
    const verify = DashboardType.verify(message);
    if (verify) return [`verify: ${verify}`];
    const back = DashboardType.toObject(message, {
        enums: String,
        longs: String,
        defaults: false,
        arrays: false,
        objects: false,
        json: true,
    });
    return diff(json, durationsToJson(DashboardType, back), "");
}

/** Paths where the round trip differs: an unknown field disappears, a wrong type comes back converted. */
function diff(a: unknown, b: unknown, at: string): string[] {
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b)) return [`${at}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`];
        const out: string[] = [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diff(a[i], b[i], `${at}[${i}]`));
        return out;
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((k) =>
            diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`),
        );
    }
    return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`];
}
