import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";
import { apisFor } from "../../projectApis";

export interface ProjectApisArgs {
    project: string;
}

/**
 * The Google APIs of the cell's project, one `gcp.projects.Service` per API, each declared the
 * first time a resource of a type (or with a feature) that needs it is declared
 * (infra/projectApis.ts), and that resource made to wait for it. Registered as a stack transformation, so every resource of the
 * program is covered, wherever it is declared. An API is never disabled by Pulumi: other tools
 * and the cell's data depend on it, and disabling one can delete resources (`disableOnDestroy:
 * false`). The Service Usage API that enables them is on in every new project.
 */
export class ProjectApis extends pulumi.ComponentResource {
    private readonly services = new Map<string, gcp.projects.Service>();
    private readonly project: string;
    private readonly baseName: string;

    constructor(name: string, args: ProjectApisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:project:ProjectApis", name, {}, opts);
        this.project = args.project;
        this.baseName = name;
        pulumi.runtime.registerStackTransformation((t) => {
            const apis = apisFor(t.type, t.props);
            if (apis.length === 0) return undefined;
            const dependsOn = apis.map((api) => this.serviceFor(api));
            return { props: t.props, opts: pulumi.mergeOptions(t.opts, { dependsOn }) };
        });
        this.registerOutputs({});
    }

    /** The enabled APIs, by service name. */
    get enabled(): ReadonlyMap<string, gcp.projects.Service> {
        return this.services;
    }

    private serviceFor(api: string): gcp.projects.Service {
        let service = this.services.get(api);
        if (!service) {
            service = new gcp.projects.Service(
                childName(this.baseName, api.replace(/\..*$/, "")),
                { project: this.project, service: api, disableOnDestroy: false },
                { parent: this },
            );
            this.services.set(api, service);
        }
        return service;
    }
}
