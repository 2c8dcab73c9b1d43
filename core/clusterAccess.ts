/**
 * How a client reaches a cell's GKE cluster: the program builds its Kubernetes provider's
 * kubeconfig with it, and the drill runner its client from the stack's `clusterAccess` output, so
 * both authenticate the same way.
 */
/**
 * A kubeconfig that authenticates with gke-gcloud-auth-plugin (the supported way since GKE 1.26),
 * so it carries no credential of its own, only the cluster's public CA certificate.
 */
export function kubeconfigFor(contextName: string, endpoint: string, caCertificate: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: contextName,
                cluster: { server: `https://${endpoint}`, "certificate-authority-data": caCertificate },
            },
        ],
        contexts: [{ name: contextName, context: { cluster: contextName, user: contextName } }],
        "current-context": contextName,
        users: [
            {
                name: contextName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "gke-gcloud-auth-plugin",
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                        provideClusterInfo: true,
                    },
                },
            },
        ],
    });
}
