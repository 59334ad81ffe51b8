/**
 * The forwarder's own AWS clients (forwarder/aws) pointed at a local server: fixed test
 * credentials and region, and retries that wait for nothing (the delay is injected; the jitter is
 * fixed), so no test sleeps. `maxAttempts` is 1 unless a test asks for retries.
 */
import type { AwsClientOptions } from "../../../forwarder/aws/client";

export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

export const noWait = (): Promise<void> => Promise.resolve();

export function localAws(endpoint: string, overrides: Partial<AwsClientOptions> = {}): AwsClientOptions {
  return { endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, delay: noWait, random: () => 0.5, ...overrides };
}
