import type { TimeRange } from './saved-objects-options.js';
import type { SavedObject } from './saved-object.js';

/** Where a panel sits on the dashboard's 48-column grid. */
export interface PanelSpec {
  visualizationId: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A dashboard holding `panels`, restoring `timeRange` when opened. */
export function dashboardObject(
  id: string,
  title: string,
  panels: readonly PanelSpec[],
  timeRange: TimeRange,
): SavedObject {
  const panelsJSON = panels.map((p, i) => ({
    version: '7.10.2',
    gridData: { x: p.x, y: p.y, w: p.w, h: p.h, i: String(i + 1) },
    panelIndex: String(i + 1),
    embeddableConfig: {},
    panelRefName: `panel_${i}`,
  }));
  return {
    type: 'dashboard',
    id,
    attributes: {
      title,
      hits: 0,
      description: 'NYC taxi pickups and airport trip durations from the tripstream processor.',
      panelsJSON: JSON.stringify(panelsJSON),
      optionsJSON: JSON.stringify({ hidePanelTitles: false, useMargins: true }),
      version: 1,
      timeRestore: true,
      timeFrom: timeRange.from,
      timeTo: timeRange.to,
      refreshInterval: { pause: true, value: 0 },
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }),
      },
    },
    references: panels.map((p, i) => ({
      name: `panel_${i}`,
      type: 'visualization',
      id: p.visualizationId,
    })),
    migrationVersion: { dashboard: '7.9.3' },
  };
}
