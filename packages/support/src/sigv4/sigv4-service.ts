/** `es`: Amazon OpenSearch Service domains and their Dashboards. `aoss`: OpenSearch Serverless. */
export type SigV4Service = 'es' | 'aoss';
