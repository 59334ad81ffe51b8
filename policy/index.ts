/**
 * Entry point of the CrossGuard pack (`pulumi preview --policy-pack policy`). The engine
 * starts @pulumi/pulumi's run-policy-pack in this folder, which compiles the pack with ts-node,
 * type-checked, without a tsconfig (lib ES2020: no newer library APIs here), requires this
 * folder (package.json `main`), and reads the version from package.json. Constructing the
 * PolicyPack starts the analyzer's gRPC server, so nothing else imports this file: tests
 * load pack.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";

new PolicyPack(PACK_NAME, packArgs);
