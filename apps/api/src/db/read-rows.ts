import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';

/**
 * Entities for read-only paths, made straight from rows.
 *
 * `em.map` registers every entity it makes in the identity map, snapshots it
 * for change tracking and redefines its properties one by one: on the web
 * app's feed page (80 shares, their events and people) that was 2 ms of a
 * 10 ms request, for entities nobody changes. A reader makes plain instances
 * of the entity class instead (so `instanceof`, the GraphQL types and every
 * field resolver still know them), with each column converted by the
 * property's own type as `em.map` would; the unit of work never sees them.
 *
 * Only for what a request reads and renders: nothing may persist, flush or
 * `wrap()` an entity made here.
 */
export type RowReader<T> = (row: Record<string, unknown>) => T;

type Column = { column: string; property: string; convert: ((value: unknown) => unknown) | null };
type Reading = { columns: Column[]; prototype: object };

const readings = new WeakMap<object, Reading>();

export function rowReader<T extends object>(em: EntityManager, entity: EntityClass<T>): RowReader<T> {
  let reading = readings.get(entity);
  if (!reading) {
    const platform = em.getPlatform();
    const columns = Object.values(em.getMetadata().get(entity.name).properties).flatMap((prop) => {
      if (!prop.fieldNames?.length) return [];
      const type = prop.customType;
      // Timestamps arrive as text (the driver leaves them to the ORM); the hydrator parses them the same way.
      const isDate = prop.runtimeType === 'Date' || type?.runtimeType === 'Date';
      const convert = isDate
        ? (value: unknown) => (typeof value === 'string' ? platform.parseDate(value) : value)
        : type
          ? (value: unknown) => (value == null ? value : type.convertToJSValue(value, platform))
          : null;
      return [{ column: prop.fieldNames[0]!, property: prop.name, convert }];
    });
    // MikroORM puts a setter for each property on the entity's prototype (its
    // change tracking, which would wrap the instance on first write). A plain
    // data property per column, one prototype further down, shadows them: an
    // assignment then makes an ordinary own property.
    const prototype = Object.create(entity.prototype as object) as object;
    for (const { property } of columns) Object.defineProperty(prototype, property, { value: undefined, writable: true });
    reading = { columns, prototype };
    readings.set(entity, reading);
  }
  const { columns, prototype } = reading;
  return (row) => {
    const instance = Object.create(prototype) as Record<string, unknown>;
    for (const { column, property, convert } of columns) {
      if (!(column in row)) continue; // a lazy column the read left out stays unset, as with em.map
      const value = row[column];
      instance[property] = convert ? convert(value) : value;
    }
    return instance as T;
  };
}
