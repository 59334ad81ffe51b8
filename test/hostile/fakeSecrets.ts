/**
 * Made-up credentials in each vendor's documented shape, for the secret tests. Assembled from
 * pieces at run time so that this repository never holds a token-shaped string a secret
 * scanner (or a push protection) would stop; none of them was ever issued.
 */
const join = (...parts: string[]) => parts.join("");

export const FAKE = {
  stripeSecretKey: join("sk", "_live_", "4eC39HqLyjWDarjtT1zdp7dc"),
  stripeRestrictedKey: join("rk", "_test_", "51HxYzAbCdEfGhIjKlMnOpQr"),
  webhookSecret: join("whsec", "_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
  shopifyToken: join("shpat", "_", "0f2b4c6d8e0a4b1c", "9d3e5f7a9b1c3d5e"),
  hubspotToken: join("pat", "-na1-", "0f2b4c6d-8e0a-4b1c-9d3e-5f7a9b1c3d5e"),
  slackBotToken: join("xoxb", "-123456789012-", "1234567890123-", "AbCdEfGhIjKlMnOpQrStUvWx"),
  slackWebhookUrl: join("https://hooks.slack", ".com/services/", "T0AB1CD2E/B0FG3HI4J/", "aB1cD2eF3gH4iJ5kL6mN7oP8"),
  githubToken: join("ghp", "_", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
  awsAccessKeyId: join("AKIA", "Q3EGRNM7", "ZVXK4DPW"),
  awsSecretAccessKey: join("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYz8Qk2LmN4p"),
  datadogApiKey: join("0f2b4c6d8e0a4b1c", "9d3e5f7a9b1c3d5e"),
  datadogAppKey: join("8a6c4e2f0b9d4c7a8e1f", "3a5c7e9b2d4f6a8c0e2b"),
  jwt: join("eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiJtYXJ0ZWNoIn0", ".", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9Pl"),
  metaToken: join("EAA", "GbZC7x4mQ2ZBpL9vT3kYw8RnD5sFhJ1cUe6oNi0aKq"),
  privateKey: join("-----BEGIN ", "PRIVATE KEY-----\n", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", "-----END ", "PRIVATE KEY-----"),
  urlPassword: join("hunter2", "Pw0rd"),
} as const;
