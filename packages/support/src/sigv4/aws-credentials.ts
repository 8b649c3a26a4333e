/** AWS credentials; structurally the AWS SDK v3 `AwsCredentialIdentity`. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials expire. */
  readonly expiration?: Date;
}
