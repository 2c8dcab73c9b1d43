// The pack's policy list, kept apart from index.ts so the offline runner and tests can import it
// without starting the analyzer server. One import per policy file; a test checks none is missing.
import { PolicyPackArgs } from "@pulumi/policy";
import { VoicePolicy } from "./lib/define";

import { policy as p1 } from "./gcp/compute/backendService/gcp-compute-backendservice-enable-logging";
import { policy as p2 } from "./gcp/compute/backendService/gcp-compute-backendservice-enforce-ha-configuration";
import { policy as p3 } from "./gcp/compute/backendService/gcp-compute-backendservice-ensure-failover-capacity";
import { policy as p4 } from "./gcp/compute/backendService/gcp-compute-backendservice-match-declared-drain";
import { policy as p5 } from "./gcp/compute/backendService/gcp-compute-backendservice-never-drain-all-regions";
import { policy as p6 } from "./gcp/compute/backendService/gcp-compute-backendservice-reference-declared-resources";
import { policy as p7 } from "./gcp/compute/backendService/gcp-compute-backendservice-require-cloud-armor";
import { policy as p8 } from "./gcp/compute/backendService/gcp-compute-backendservice-require-declared-negs";
import { policy as p9 } from "./gcp/compute/backendService/gcp-compute-backendservice-span-regions-and-zones";
import { policy as p10 } from "./gcp/compute/firewall/gcp-compute-firewall-allow-google-health-checks";
import { policy as p11 } from "./gcp/compute/firewall/gcp-compute-firewall-disallow-public-ingress";
import { policy as p12 } from "./gcp/compute/firewall/gcp-compute-firewall-enable-logging";
import { policy as p13 } from "./gcp/compute/globalAddress/gcp-compute-globaladdress-enforce-protection";
import { policy as p14 } from "./gcp/compute/healthCheck/gcp-compute-healthcheck-enforce-fast-detection";
import { policy as p15 } from "./gcp/compute/network/gcp-compute-network-use-custom-subnets";
import { policy as p16 } from "./gcp/compute/routerNat/gcp-compute-routernat-require-egress-per-region";
import { policy as p17 } from "./gcp/compute/sSLPolicy/gcp-compute-sslpolicy-enforce-modern-tls";
import { policy as p18 } from "./gcp/compute/subnetwork/gcp-compute-subnetwork-enable-flow-logs";
import { policy as p19 } from "./gcp/compute/subnetwork/gcp-compute-subnetwork-enable-private-google-access";
import { policy as p20 } from "./gcp/compute/targetHttpProxy/gcp-compute-targethttpproxy-enforce-https-redirect";
import { policy as p21 } from "./gcp/compute/targetHttpsProxy/gcp-compute-targethttpsproxy-require-ssl-policy";
import { policy as p22 } from "./gcp/container/cluster/gcp-container-cluster-distribute-across-regions";
import { policy as p23 } from "./gcp/container/cluster/gcp-container-cluster-enable-container-native-load-balancing";
import { policy as p24 } from "./gcp/container/cluster/gcp-container-cluster-enable-logging-and-monitoring";
import { policy as p25 } from "./gcp/container/cluster/gcp-container-cluster-enable-workload-identity-and-network-policy";
import { policy as p26 } from "./gcp/container/cluster/gcp-container-cluster-enforce-private-cluster";
import { policy as p27 } from "./gcp/container/cluster/gcp-container-cluster-enforce-protection";
import { policy as p28 } from "./gcp/container/cluster/gcp-container-cluster-enforce-regional-control-plane";
import { policy as p29 } from "./gcp/container/cluster/gcp-container-cluster-harden-control-plane";
import { policy as p30 } from "./gcp/container/cluster/gcp-container-cluster-keep-horizontal-pod-autoscaling";
import { policy as p31 } from "./gcp/container/cluster/gcp-container-cluster-require-labels";
import { policy as p32 } from "./gcp/container/cluster/gcp-container-cluster-separate-maintenance-windows";
import { policy as p33 } from "./gcp/container/nodePool/gcp-container-nodepool-enable-auto-repair-and-upgrade";
import { policy as p34 } from "./gcp/container/nodePool/gcp-container-nodepool-enforce-autoscaling-and-surge";
import { policy as p35 } from "./gcp/container/nodePool/gcp-container-nodepool-fit-workload-maximum";
import { policy as p36 } from "./gcp/container/nodePool/gcp-container-nodepool-harden-nodes";
import { policy as p37 } from "./gcp/container/nodePool/gcp-container-nodepool-span-zones";
import { policy as p38 } from "./gcp/container/nodePool/gcp-container-nodepool-use-dedicated-service-account";
import { policy as p39 } from "./gcp/monitoring/alertPolicy/gcp-monitoring-alertpolicy-require-routing-and-documentation";
import { policy as p40 } from "./gcp/monitoring/notificationChannel/gcp-monitoring-notificationchannel-keep-routed-channels-enabled";
import { policy as p41 } from "./gcp/monitoring/slo/gcp-monitoring-slo-require-burn-rate-alerts";
import { policy as p42 } from "./gcp/monitoring/uptimeCheckConfig/gcp-monitoring-uptimecheckconfig-check-over-tls";
import { policy as p43 } from "./gcp/projects/iAMMember/gcp-projects-iammember-disallow-admin-roles-for-service-accounts";
import { policy as p44 } from "./gcp/projects/iAMMember/gcp-projects-iammember-disallow-basic-roles";
import { policy as p45 } from "./gcp/projects/iAMMember/gcp-projects-iammember-disallow-default-service-accounts";
import { policy as p46 } from "./gcp/projects/iAMMember/gcp-projects-iammember-disallow-service-account-impersonation";
import { policy as p47 } from "./gcp/pubsub/subscription/gcp-pubsub-subscription-enforce-protection";
import { policy as p48 } from "./gcp/pubsub/subscription/gcp-pubsub-subscription-require-dead-letter-and-retry";
import { policy as p49 } from "./gcp/pubsub/subscription/gcp-pubsub-subscription-retain-for-replay";
import { policy as p50 } from "./gcp/pubsub/topic/gcp-pubsub-topic-enforce-data-residency";
import { policy as p51 } from "./gcp/pubsub/topic/gcp-pubsub-topic-enforce-protection";
import { policy as p52 } from "./gcp/pubsub/topicIAMMember/gcp-pubsub-topiciammember-disallow-public-principals";
import { policy as p53 } from "./gcp/redis/instance/gcp-redis-instance-enable-auth-and-tls";
import { policy as p54 } from "./gcp/redis/instance/gcp-redis-instance-enforce-high-availability";
import { policy as p55 } from "./gcp/redis/instance/gcp-redis-instance-enforce-protection";
import { policy as p56 } from "./gcp/redis/instance/gcp-redis-instance-require-private-service-access";
import { policy as p57 } from "./gcp/resourcemanager/project/gcp-resourcemanager-project-isolate-drill-stacks";
import { policy as p58 } from "./gcp/secretmanager/secret/gcp-secretmanager-secret-enforce-data-residency";
import { policy as p59 } from "./gcp/secretmanager/secret/gcp-secretmanager-secret-enforce-protection";
import { policy as p60 } from "./gcp/serviceaccount/key/gcp-serviceaccount-key-disallow-user-managed-keys";
import { policy as p61 } from "./gcp/servicenetworking/connection/gcp-servicenetworking-connection-require-private-services-access";
import { policy as p62 } from "./gcp/sql/database/gcp-sql-database-enforce-protection";
import { policy as p63 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-configure-maintenance-and-insights";
import { policy as p64 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-disallow-public-access";
import { policy as p65 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-enable-backups-and-pitr";
import { policy as p66 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-data-residency";
import { policy as p67 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-deletion-protection";
import { policy as p68 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-postgres-logging-flags";
import { policy as p69 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-regional-availability";
import { policy as p70 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-require-matching-cross-region-replica";
import { policy as p71 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-require-tls";
import { policy as p72 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-use-supported-major-version";
import { policy as p73 } from "./gcp/sql/databaseInstance/gcp-sql-databaseinstance-validate-switchover-target";
import { policy as p74 } from "./gcp/sql/user/gcp-sql-user-require-iam-authentication";
import { policy as p75 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-configure-probes";
import { policy as p76 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-defer-replicas-to-hpa";
import { policy as p77 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-disallow-host-namespaces";
import { policy as p78 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-disallow-literal-secrets-in-env";
import { policy as p79 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-disallow-privilege-escalation";
import { policy as p80 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-drop-all-capabilities";
import { policy as p81 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-graceful-termination";
import { policy as p82 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-harden-pod-defaults";
import { policy as p83 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-pin-image";
import { policy as p84 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-require-read-only-root-filesystem";
import { policy as p85 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-roll-out-without-capacity-loss";
import { policy as p86 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-run-as-non-root";
import { policy as p87 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-set-resource-requests-and-limits";
import { policy as p88 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-spread-across-zones";
import { policy as p89 } from "./kubernetes/apps/deployment/kubernetes-apps-deployment-use-trusted-registry";
import { policy as p90 } from "./kubernetes/autoscaling/horizontalPodAutoscaler/kubernetes-autoscaling-horizontalpodautoscaler-cover-zones";
import { policy as p91 } from "./kubernetes/core/configMap/kubernetes-core-configmap-disallow-secret-data";
import { policy as p92 } from "./kubernetes/core/namespace/kubernetes-core-namespace-disallow-default-namespace";
import { policy as p93 } from "./kubernetes/core/namespace/kubernetes-core-namespace-enforce-pod-security-standard";
import { policy as p94 } from "./kubernetes/core/service/kubernetes-core-service-disallow-external-exposure";
import { policy as p95 } from "./kubernetes/core/service/kubernetes-core-service-select-deployment-pods";
import { policy as p96 } from "./kubernetes/core/serviceAccount/kubernetes-core-serviceaccount-bind-workload-identity";
import { policy as p97 } from "./kubernetes/policy/podDisruptionBudget/kubernetes-policy-poddisruptionbudget-require-and-permit-disruption";

export const policies: VoicePolicy[] = [
    p1,
    p2,
    p3,
    p4,
    p5,
    p6,
    p7,
    p8,
    p9,
    p10,
    p11,
    p12,
    p13,
    p14,
    p15,
    p16,
    p17,
    p18,
    p19,
    p20,
    p21,
    p22,
    p23,
    p24,
    p25,
    p26,
    p27,
    p28,
    p29,
    p30,
    p31,
    p32,
    p33,
    p34,
    p35,
    p36,
    p37,
    p38,
    p39,
    p40,
    p41,
    p42,
    p43,
    p44,
    p45,
    p46,
    p47,
    p48,
    p49,
    p50,
    p51,
    p52,
    p53,
    p54,
    p55,
    p56,
    p57,
    p58,
    p59,
    p60,
    p61,
    p62,
    p63,
    p64,
    p65,
    p66,
    p67,
    p68,
    p69,
    p70,
    p71,
    p72,
    p73,
    p74,
    p75,
    p76,
    p77,
    p78,
    p79,
    p80,
    p81,
    p82,
    p83,
    p84,
    p85,
    p86,
    p87,
    p88,
    p89,
    p90,
    p91,
    p92,
    p93,
    p94,
    p95,
    p96,
    p97,
];

/** Pack-level settings; each policy sets its own enforcement level (see lib/define.ts). */
export const packDefaults: Omit<PolicyPackArgs, "policies"> = {
    enforcementLevel: "advisory",
    displayName: "voice-agent infrastructure",
    provider: "gcp",
    tags: ["gcp", "kubernetes", "high-availability", "disaster-recovery"],
};
