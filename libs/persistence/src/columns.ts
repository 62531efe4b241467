import { Column, type ColumnOptions } from 'typeorm';

/**
 * Column shapes that mean the same on SQLite and PostgreSQL. Times are ISO-8601 UTC strings
 * (`toISOString()`), which sort and compare correctly as text on both databases.
 */
export const IdColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'varchar', length: 36, ...options });
export const TimeColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'varchar', length: 30, ...options });
export const TextColumn = (options: ColumnOptions = {}) => Column({ type: 'text', ...options });
export const NameColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'varchar', length: 200, ...options });
export const IntColumn = (options: ColumnOptions = {}) => Column({ type: 'integer', ...options });
export const BoolColumn = (options: ColumnOptions = {}) => Column({ type: 'boolean', ...options });
export const JsonColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'simple-json', ...options });
