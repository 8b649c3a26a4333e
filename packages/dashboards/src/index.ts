export const packageName = '@tripstream/dashboards';
