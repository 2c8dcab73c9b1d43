/**
 * What a live run needs on this machine, checked before it starts: a missing tool or credential is
 * the operator's to fix (exit 1 naming it and how to get it), never a crash with a stack trace.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UserInputError } from "./userError";

export class MissingPrerequisiteError extends UserInputError {}

/** The executable `name` on PATH, or undefined. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const exts = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD").split(";") : [""];
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        for (const ext of exts) {
            const file = path.join(dir, name + ext);
            try {
                fs.accessSync(file, fs.constants.X_OK);
                if (fs.statSync(file).isFile()) return file;
            } catch {
                // not here
            }
        }
    }
    return undefined;
}

const install: Record<string, string> = {
    pulumi: "install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/), then `pulumi login` to the team's backend",
    gcloud: "install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install)",
    "gke-gcloud-auth-plugin":
        "`gcloud components install gke-gcloud-auth-plugin` (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin)",
};

/** Refuses when a command is missing, naming it, what needs it and how to get it. */
export function requireCommand(name: string, neededFor: string, env: NodeJS.ProcessEnv = process.env): void {
    if (!onPath(name, env))
        throw new MissingPrerequisiteError(
            `${name} is not on PATH; ${neededFor} needs it: ${install[name] ?? `install ${name}`}`,
        );
}

/**
 * Refuses when no Google credentials are found: application default credentials (the file
 * GOOGLE_APPLICATION_CREDENTIALS names, or gcloud's application_default_credentials.json), an
 * access token in the environment, or an account active in gcloud.
 */
export function requireGoogleCredentials(
    neededFor: string,
    env: NodeJS.ProcessEnv = process.env,
    home = os.homedir(),
): void {
    const adc = env.GOOGLE_APPLICATION_CREDENTIALS;
    if (adc && fs.existsSync(adc)) return;
    if (env.GOOGLE_OAUTH_ACCESS_TOKEN || env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE) return;
    const configDir = env.CLOUDSDK_CONFIG ?? path.join(home, ".config", "gcloud");
    if (fs.existsSync(path.join(configDir, "application_default_credentials.json"))) return;
    if (onPath("gcloud", env)) {
        try {
            const account = execFileSync(
                "gcloud",
                ["auth", "list", "--filter=status:ACTIVE", "--format=value(account)"],
                { encoding: "utf8", timeout: 20_000, env, stdio: ["ignore", "pipe", "ignore"] },
            );
            if (account.trim() !== "") return;
        } catch {
            // no usable gcloud: reported below
        }
    }
    throw new MissingPrerequisiteError(
        `no Google credentials found; ${neededFor} needs them: \`gcloud auth application-default login\`, or set GOOGLE_APPLICATION_CREDENTIALS to a credentials file${adc ? ` (${adc} does not exist)` : ""}`,
    );
}
