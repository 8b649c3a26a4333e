export const packageName = '@tripstream/opensearch-sink';
