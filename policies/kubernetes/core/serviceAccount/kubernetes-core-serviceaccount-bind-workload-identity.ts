import { stackPolicy } from "../../../lib/define";
import { cellRegions, lastSegment, ofType } from "../../../lib/resources";
import { clusterKey, describeObject } from "../../../lib/kubernetes";

const ANNOTATION = "iam.gke.io/gcp-service-account";

// Pods reach Cloud SQL, Pub/Sub and Secret Manager as a Google service account through Workload
// Identity: the Kubernetes service account must name it, and (when the stack owns that account)
// grant roles/iam.workloadIdentityUser to exactly this namespace/name. Without either, pods fall
// back to the default service account, or fail.
export const policy = stackPolicy(
    {
        name: "kubernetes-core-serviceaccount-bind-workload-identity",
        description:
            "Deployments run as a dedicated Kubernetes service account that is bound to a Google service account by Workload Identity.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Set spec.template.spec.serviceAccountName, annotate that ServiceAccount with iam.gke.io/gcp-service-account, and grant roles/iam.workloadIdentityUser on the Google service account to serviceAccount:<project>.svc.id.goog[<namespace>/<name>].",
        anchors: ["CKV_K8S_41", "CIS GKE 1.4 5.2.2"],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        const ksas = ofType(args.resources, "kubernetes:core/v1:ServiceAccount");
        const accounts = ofType(args.resources, "gcp:serviceaccount/account:Account");
        const bindings = ofType(args.resources, "gcp:serviceaccount/iAMMember:IAMMember").filter(
            (b) => b.props.role === "roles/iam.workloadIdentityUser",
        );
        for (const d of ofType(args.resources, "kubernetes:apps/v1:Deployment")) {
            const what = describeObject(d.props, d.name);
            const ns = d.props.metadata?.namespace;
            const saName = d.props.spec?.template?.spec?.serviceAccountName;
            if (!saName || saName === "default") {
                report(
                    `${what} must run as a dedicated service account: serviceAccountName is ${JSON.stringify(saName ?? "default")}.`,
                    d.urn,
                );
                continue;
            }
            const ksa = ksas.find(
                (k) =>
                    clusterKey(k, regions) === clusterKey(d, regions) &&
                    k.props.metadata?.namespace === ns &&
                    k.props.metadata?.name === saName,
            );
            const gsa = ksa?.props.metadata?.annotations?.[ANNOTATION];
            if (!ksa) {
                report(`${what} runs as ServiceAccount ${ns}/${saName}, which is not declared in its cluster.`, d.urn);
                continue;
            }
            if (typeof gsa !== "string" || !gsa.endsWith(".iam.gserviceaccount.com")) {
                report(
                    `ServiceAccount ${ns}/${saName} must name its Google service account in the ${ANNOTATION} annotation.`,
                    ksa.urn,
                );
                continue;
            }
            // Only an account this stack declares can be checked for its binding.
            const declared = accounts.some((a) => `${a.props.accountId}@` === gsa.slice(0, gsa.indexOf("@") + 1));
            const bound = bindings.some(
                (b) =>
                    lastSegment(b.props.serviceAccountId) === gsa &&
                    String(b.props.member ?? "").endsWith(`.svc.id.goog[${ns}/${saName}]`),
            );
            if (declared && !bound) {
                report(
                    `Google service account ${gsa} does not grant roles/iam.workloadIdentityUser to ${ns}/${saName}.`,
                    ksa.urn,
                );
            }
        }
    },
);
