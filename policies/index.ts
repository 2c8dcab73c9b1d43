// Entry point of the CrossGuard pack: `pulumi preview --policy-pack policies` runs this file, which
// starts the analyzer server. The policy list lives in ./policies so that the offline runner and
// the tests can import it without starting a server (PolicyPack's constructor serves gRPC).
import { PolicyPack } from "@pulumi/policy";
import { packDefaults } from "./packDefaults";
import { policies } from "./policies";

new PolicyPack("voice-agent", { policies, ...packDefaults });
