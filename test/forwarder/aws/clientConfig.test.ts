/**
 * Where the forwarder's AWS clients get their credentials, region and endpoint: the Lambda
 * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION) and the
 * SDKs' endpoint settings (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), checked on requests a loopback server records.
 */
import { strict as assert } from "node:assert";
import { credentialsFromEnv, CredentialsProviderError, regionFromEnv } from "../../../forwarder/aws/credentials";
import { createDynamoDbClient } from "../../../forwarder/aws/dynamodb";
import { configuredEndpoint, regionalEndpoint } from "../../../forwarder/aws/endpoints";
import { objectUrl } from "../../../forwarder/aws/s3";
import { createSecretsManagerClient } from "../../../forwarder/aws/secretsManager";
import { createSqsClient } from "../../../forwarder/aws/sqs";
import { noWait } from "../support/awsClients";
import { headerOf, startCaptureServer, type CaptureServer } from "./support/captureServer";

const LAMBDA_ENV = { AWS_ACCESS_KEY_ID: "ASIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "IQoJb3JpZ2luX2VjEXAMPLE", AWS_REGION: "eu-central-1" };

describe("forwarder AWS clients: credentials, region and endpoints from the environment", () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer((req) => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(req.headers["x-amz-target"] === "secretsmanager.GetSecretValue" ? { SecretString: "s" } : {}) }));
  });
  after(() => server.close());
  beforeEach(() => void (server.requests.length = 0));

  it("signs with the execution role's temporary credentials: the session token is sent and signed, the scope names AWS_REGION", async () => {
    const sm = createSecretsManagerClient({ env: { ...LAMBDA_ENV, AWS_ENDPOINT_URL_SECRETS_MANAGER: server.endpoint }, delay: noWait });
    assert.deepEqual(await sm.getSecretValue({ SecretId: "x" }), { SecretString: "s" });
    const req = server.requests[0]!;
    assert.equal(headerOf(req, "x-amz-security-token"), "IQoJb3JpZ2luX2VjEXAMPLE");
    assert.match(headerOf(req, "authorization")!, /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-central-1\/secretsmanager\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/);
  });

  it("without a session token (long-term keys) nothing claims one", async () => {
    const { AWS_SESSION_TOKEN: _t, ...keys } = LAMBDA_ENV;
    await createSecretsManagerClient({ env: { ...keys, AWS_ENDPOINT_URL: server.endpoint } }).getSecretValue({ SecretId: "x" });
    assert.equal(headerOf(server.requests[0]!, "x-amz-security-token"), undefined);
    assert.doesNotMatch(headerOf(server.requests[0]!, "authorization")!, /x-amz-security-token/);
  });

  it("missing credentials or region fail the call (CredentialsProviderError, as the SDK names it) before anything is sent; building the client does not", async () => {
    const { AWS_ACCESS_KEY_ID: _id, ...noKey } = LAMBDA_ENV;
    const client = createSecretsManagerClient({ env: { ...noKey, AWS_ENDPOINT_URL: server.endpoint } });
    await assert.rejects(client.getSecretValue({ SecretId: "x" }), (e: Error) => e instanceof CredentialsProviderError && e.name === "CredentialsProviderError" && /AWS_ACCESS_KEY_ID/.test(e.message));
    const { AWS_REGION: _r, ...noRegion } = LAMBDA_ENV;
    await assert.rejects(createSecretsManagerClient({ env: { ...noRegion, AWS_ENDPOINT_URL: server.endpoint } }).getSecretValue({ SecretId: "x" }), /AWS_REGION/);
    assert.equal(server.requests.length, 0);
    assert.throws(() => credentialsFromEnv({}), CredentialsProviderError);
    assert.equal(regionFromEnv({ AWS_DEFAULT_REGION: "us-west-2" }), "us-west-2", "the AWS CLI's variable as a fallback");
    assert.equal(regionFromEnv({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-west-2" }), "eu-west-1");
  });

  it("endpoints: code first, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless configured endpoints are ignored; else the regional one", () => {
    const env = { AWS_ENDPOINT_URL: "http://all:1", AWS_ENDPOINT_URL_SQS: "http://sqs:2", AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://sm:3" };
    assert.equal(configuredEndpoint("SQS", "http://code:9", env), "http://code:9");
    assert.equal(configuredEndpoint("SQS", undefined, env), "http://sqs:2");
    assert.equal(configuredEndpoint("SECRETS_MANAGER", undefined, env), "http://sm:3");
    assert.equal(configuredEndpoint("DYNAMODB", undefined, env), "http://all:1");
    assert.equal(configuredEndpoint("DYNAMODB", undefined, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }), undefined);
    assert.equal(configuredEndpoint("SQS", "http://code:9", { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }), "http://code:9", "code always wins");
    assert.equal(regionalEndpoint("sqs", "eu-west-1"), "https://sqs.eu-west-1.amazonaws.com");
    assert.equal(regionalEndpoint("dynamodb", "cn-north-1"), "https://dynamodb.cn-north-1.amazonaws.com.cn");
    assert.equal(regionalEndpoint("secretsmanager", "us-gov-west-1"), "https://secretsmanager.us-gov-west-1.amazonaws.com");
  });

  it("SQS without a configured endpoint goes to its queue URL's origin (the SDK's useQueueUrlAsEndpoint)", async () => {
    const sqs = createSqsClient({ env: LAMBDA_ENV, delay: noWait });
    await sqs.changeMessageVisibility({ QueueUrl: `${server.endpoint}/123456789012/webhooks`, ReceiptHandle: "h", VisibilityTimeout: 5 });
    const req = server.requests[0]!;
    assert.equal(headerOf(req, "x-amz-target"), "AmazonSQS.ChangeMessageVisibility");
    assert.equal(headerOf(req, "content-type"), "application/x-amz-json-1.0");
    assert.equal(req.target, "/");
  });

  it("a configured endpoint with a path keeps it (DynamoDB on /prefix/)", async () => {
    await createDynamoDbClient({ env: { ...LAMBDA_ENV, AWS_ENDPOINT_URL_DYNAMODB: `${server.endpoint}/prefix` } }).getItem({ TableName: "t", Key: {} });
    assert.equal(server.requests[0]!.target, "/prefix/");
    assert.equal(headerOf(server.requests[0]!, "x-amz-target"), "DynamoDB_20120810.GetItem");
  });

  it("S3 objects: virtual-hosted-style on AWS, path-style on a configured endpoint; keys encoded once, slashes kept", () => {
    assert.equal(objectUrl(undefined, "eu-west-1", "martech-prod-webhook-bodies-1-eu-west-1", "bodies/a/b/1").href, "https://martech-prod-webhook-bodies-1-eu-west-1.s3.eu-west-1.amazonaws.com/bodies/a/b/1");
    assert.equal(objectUrl(undefined, "cn-north-1", "b", "k").host, "b.s3.cn-north-1.amazonaws.com.cn");
    assert.equal(objectUrl("http://127.0.0.1:9000", "us-east-1", "b", "bodies/x y/(1)*!'").href, "http://127.0.0.1:9000/b/bodies/x%20y/%281%29%2A%21%27");
  });
});
