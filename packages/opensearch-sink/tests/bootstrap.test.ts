import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BulkWriter,
  ensureIndexTemplates,
  MappingConflictError,
  type IndexMappings,
} from '../src/index.js';
import { PICKUP_MAPPINGS, pickupDoc, pickupRequest, pickupTemplate } from './helpers/docs.js';
import {
  allDocuments,
  createIndex,
  deleteTemplate,
  mappingOf,
  opensearchUrl,
  uniqueIndex,
  deleteOwnIndices,
} from './helpers/opensearch.js';

let os: string;
let client: Client;
const templates: string[] = [];

beforeAll(() => {
  os = opensearchUrl();
  client = new Client({ node: os });
});
afterAll(async () => {
  await deleteOwnIndices(os);
  for (const t of templates) await deleteTemplate(os, t);
  await client.close();
});

function template(index: string) {
  const name = `t-${index}`;
  templates.push(name);
  return pickupTemplate(name, `${index}*`);
}

const typesOf = (mapping: any, index: string) =>
  Object.fromEntries(
    Object.entries(mapping[index].mappings.properties as Record<string, { type: string }>).map(
      ([k, v]) => [k, v.type],
    ),
  );

const WANTED_TYPES = Object.fromEntries(
  Object.entries(PICKUP_MAPPINGS.properties).map(([k, v]) => [k, v.type]),
);

describe('index bootstrap', () => {
  it('puts the template before the first write, so a new index gets the mappings', async () => {
    const index = uniqueIndex('boot-new');
    const writer = new BulkWriter({ client, indexTemplates: [template(index)] });
    await writer.write(pickupRequest(index, 1));
    await writer.close();
    expect(typesOf(await mappingOf(os, index), index)).toEqual(WANTED_TYPES);
    // geo_point for real: a geo query finds the document by its geohash cell.
    await client.indices.refresh({ index });
    const hits = await client.search({
      index,
      body: {
        query: { geo_bounding_box: { location: { top_left: 'dr5r', bottom_right: 'dr5r' } } },
      },
    });
    expect(hits.body.hits.total).toMatchObject({ value: 1 });
  });

  it('is idempotent: putting the same templates again and again changes nothing', async () => {
    const index = uniqueIndex('boot-twice');
    const t = template(index);
    await ensureIndexTemplates(client, [t]);
    const before = (await client.indices.getIndexTemplate({ name: t.name })).body;
    for (let run = 0; run < 2; run++) {
      const writer = new BulkWriter({ client, indexTemplates: [t] });
      await writer.write(pickupRequest(index, run));
      await writer.close();
    }
    const after = (await client.indices.getIndexTemplate({ name: t.name })).body;
    expect(after).toEqual(before);
    expect((await allDocuments(os, index)).size).toBe(2);
  });

  it('refuses to write into an existing index whose mapping conflicts', async () => {
    const index = uniqueIndex('boot-conflict');
    await createIndex(os, index, {
      properties: { location: { type: 'keyword' }, pickup_count: { type: 'long' } },
    });
    const writer = new BulkWriter({
      client,
      indexTemplates: [template(index)],
      onDeadLetter: () => {},
    });
    await writer.write(pickupRequest(index, 1));
    const err = await writer.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MappingConflictError);
    expect(err).toMatchObject({
      index,
      conflicts: [{ field: 'location', expected: 'geo_point', actual: 'keyword' }],
    });
    expect((err as Error).message).toContain(`refusing to write into index ${index}`);
    await expect(writer.close()).rejects.toBe(err);
    expect((await allDocuments(os, index)).size).toBe(0);
  });

  it('adds the template fields an existing index lacks, then writes', async () => {
    const index = uniqueIndex('boot-missing');
    await createIndex(os, index, { properties: { pickup_count: { type: 'long' } } });
    const writer = new BulkWriter({ client, indexTemplates: [template(index)] });
    await writer.write(pickupRequest(index, 7));
    await writer.close();
    expect(typesOf(await mappingOf(os, index), index)).toEqual(WANTED_TYPES);
    expect((await allDocuments(os, index)).get('pickup:7')).toEqual(pickupDoc(7));
  });

  it('leaves indices no template matches alone', async () => {
    const index = uniqueIndex('boot-other');
    const writer = new BulkWriter({ client, indexTemplates: [template(`${index}-x`)] });
    await writer.write({ index, id: 'a', document: { location: 'free text' } });
    await writer.close();
    expect(typesOf(await mappingOf(os, index), index).location).toBe('text');
  });

  it('accepts mappings typed as readonly interfaces (as a schema package would declare them)', () => {
    interface FieldMapping {
      readonly type: 'geo_point' | 'keyword' | 'date' | 'long' | 'double';
    }
    interface SchemaMapping {
      readonly properties: Readonly<Record<string, FieldMapping>>;
    }
    const schema: SchemaMapping = { properties: { at: { type: 'date' } } };
    const mappings: IndexMappings = schema;
    expect(mappings.properties?.at.type).toBe('date');
  });
});
