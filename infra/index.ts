import * as gcp from "@pulumi/gcp";
import { loadConfig } from "./config";
export = async () => {
    const cfg = loadConfig();
    const net = new gcp.compute.Network("voice-vpc", { autoCreateSubnetworks: false }, { protect: true });
    return { cell: cfg.cell, net: net.selfLink };
};
