/**
 * The whole inventory of each prod stack, every type counted: a resource added or lost anywhere
 * in the program shows here. Both cells have two regions of three zones, so their counts agree.
 */
import * as assert from "assert";
import { planOf, prodStacks } from "../support/plans";

const counts: Record<string, number> = {
    "gcp:compute/backendService:BackendService": 1,
    "gcp:compute/firewall:Firewall": 1,
    "gcp:compute/globalAddress:GlobalAddress": 2,
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": 2,
    "gcp:compute/healthCheck:HealthCheck": 1,
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": 1,
    "gcp:compute/network:Network": 1,
    "gcp:compute/router:Router": 2,
    "gcp:compute/routerNat:RouterNat": 2,
    "gcp:compute/sSLPolicy:SSLPolicy": 1,
    "gcp:compute/securityPolicy:SecurityPolicy": 1,
    "gcp:compute/subnetwork:Subnetwork": 2,
    "gcp:compute/targetHttpProxy:TargetHttpProxy": 1,
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": 1,
    "gcp:compute/uRLMap:URLMap": 2,
    "gcp:container/cluster:Cluster": 2,
    "gcp:container/nodePool:NodePool": 2,
    "gcp:logging/metric:Metric": 3,
    "gcp:monitoring/alertPolicy:AlertPolicy": 19,
    "gcp:monitoring/customService:CustomService": 1,
    "gcp:monitoring/dashboard:Dashboard": 3,
    "gcp:monitoring/notificationChannel:NotificationChannel": 2,
    "gcp:monitoring/slo:Slo": 1,
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": 1,
    "gcp:projects/iAMMember:IAMMember": 16,
    "gcp:pubsub/subscription:Subscription": 3,
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember": 4,
    "gcp:pubsub/topic:Topic": 3,
    "gcp:pubsub/topicIAMMember:TopicIAMMember": 3,
    "gcp:redis/instance:Instance": 2,
    "gcp:secretmanager/secret:Secret": 1,
    "gcp:secretmanager/secretIamMember:SecretIamMember": 1,
    "gcp:serviceaccount/account:Account": 3,
    "gcp:serviceaccount/iAMMember:IAMMember": 1,
    "gcp:servicenetworking/connection:Connection": 1,
    "gcp:sql/database:Database": 1,
    "gcp:sql/databaseInstance:DatabaseInstance": 2,
    "gcp:sql/user:User": 1,
    "kubernetes:apps/v1:Deployment": 4,
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": 2,
    "kubernetes:core/v1:ConfigMap": 2,
    "kubernetes:core/v1:Namespace": 2,
    "kubernetes:core/v1:Secret": 2,
    "kubernetes:core/v1:Service": 2,
    "kubernetes:core/v1:ServiceAccount": 2,
    "kubernetes:policy/v1:PodDisruptionBudget": 4,
    "pulumi:providers:kubernetes": 2,
    "pulumi:pulumi:Stack": 1,
    "voice-agent:cache:Cache": 2,
    "voice-agent:cluster:Cluster": 2,
    "voice-agent:database:Database": 1,
    "voice-agent:identity:WorkloadIdentity": 1,
    "voice-agent:loadBalancer:LoadBalancer": 1,
    "voice-agent:messaging:Messaging": 1,
    "voice-agent:network:Network": 1,
    "voice-agent:observability:AlertPolicies": 1,
    "voice-agent:observability:Dashboards": 1,
    "voice-agent:observability:LogMetrics": 1,
    "voice-agent:observability:NotificationChannels": 1,
    "voice-agent:observability:Observability": 1,
    "voice-agent:observability:Slo": 1,
    "voice-agent:observability:UptimeChecks": 1,
    "voice-agent:secrets:IncidentAccess": 1,
    "voice-agent:workload:PmsSyncWorker": 2,
    "voice-agent:workload:Workload": 2,
};

describe("whole inventory", () => {
    for (const { stack } of prodStacks) {
        it(`${stack}: exactly these resources and components, per type`, async () => {
            const inv = await planOf(stack);
            const actual: Record<string, number> = {};
            for (const r of inv.resources) actual[r.type] = (actual[r.type] ?? 0) + 1;
            assert.deepStrictEqual(Object.fromEntries(Object.entries(actual).sort(([a], [b]) => a.localeCompare(b))), counts);
            assert.strictEqual(inv.resources.length, 141);
        });
    }
});
