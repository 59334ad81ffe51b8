/**
 * Credentials and region for the forwarder's AWS calls, from the environment the way Lambda sets it:
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN carry the execution role's
 * temporary credentials, AWS_REGION the function's region (Lambda Developer Guide, "Defined runtime
 * environment variables": https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 * GitHub's aws-actions/configure-aws-credentials exports the same variables, so the release CLIs
 * read them too. Nothing else of the SDK's provider chain (profiles, SSO, IMDS) is looked at: an
 * operator with a profile exports it first (`eval "$(aws configure export-credentials --format env)"`).
 *
 * Read at every request, never cached here: the values are fixed for a Lambda sandbox's life, and
 * reading an environment variable costs nothing next to a network call.
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials (a role's) come with one; it is sent as X-Amz-Security-Token. */
  readonly sessionToken?: string;
}

/** What the SDK throws when no credentials are found; the same name, so logs read alike. */
export class CredentialsProviderError extends Error {
  override readonly name = "CredentialsProviderError";
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new CredentialsProviderError("AWS credentials are not set: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them from the execution role)");
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** AWS_REGION (Lambda, the SDKs), else AWS_DEFAULT_REGION (the AWS CLI's). */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("AWS region is not set: AWS_REGION (Lambda sets it)");
  return region;
}
