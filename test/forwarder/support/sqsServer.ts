/** The SQS-compatible test server is the one `npm run serve:forwarder` runs. */
export { startSqsServer, type SqsFault, type SqsServer, type StoredMessage } from "../../../forwarder/serve/sqsLocal";
