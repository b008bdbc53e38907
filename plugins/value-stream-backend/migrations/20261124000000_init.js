/*
 * The initial schema of the Value Stream backend.
 *
 * Types work the same on SQLite and PostgreSQL: ids are UUIDs, timestamps are
 * `timestamptz` written as UTC ISO strings (so they also compare as strings on
 * SQLite), structured values are JSON in `text` columns on both, entity refs
 * are stored lower-case. Every practice record table has `state` and a derived
 * `is_open` flag so that lists and open counts are served by an index.
 */

const REF = 320;

/**
 * The columns and indexes every practice record table shares.
 *
 * @param {import('knex').Knex.CreateTableBuilder} table
 * @param {string} name the table name, used to name its indexes
 */
function recordColumns(table, name) {
  table.uuid('id').primary().notNullable();
  table.string('entity_ref', REF).notNullable().comment('lower-case');
  table.string('state', 32).notNullable();
  table
    .boolean('is_open')
    .notNullable()
    .comment('derived from state: not in a terminal state');
  table.timestamp('created_at', { useTz: true }).notNullable();
  table.timestamp('updated_at', { useTz: true }).notNullable();
  table.string('created_by', REF).notNullable();
  table.integer('version').notNullable().defaultTo(1);

  // The list endpoints: by entity (and state), newest first, keyset paged.
  table.index(['entity_ref', 'created_at', 'id'], `${name}_entity_created_idx`);
  table.index(
    ['entity_ref', 'state', 'created_at'],
    `${name}_entity_state_created_idx`,
  );
  // Lists across all entities, by state or not.
  table.index(['state', 'created_at'], `${name}_state_created_idx`);
  table.index(['created_at', 'id'], `${name}_created_idx`);
  // Open-record counts per entity (summary and board).
  table.index(['entity_ref', 'is_open'], `${name}_entity_open_idx`);
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vs_changes', table => {
    table.comment('Changes (RFCs) of configuration items');
    recordColumns(table, 'vs_changes');
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.string('type', 32).notNullable();
    table.string('requested_by', REF).notNullable();
    table.timestamp('planned_start', { useTz: true }).nullable();
    table.timestamp('planned_end', { useTz: true }).nullable();
    table.integer('risk_score').nullable();
    table.string('risk_level', 32).nullable();
    table.boolean('proposes_service').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('vs_change_approvals', table => {
    table.comment('Decisions of approvers on changes');
    table.uuid('id').primary().notNullable();
    table
      .uuid('change_id')
      .notNullable()
      .references('id')
      .inTable('vs_changes')
      .onDelete('CASCADE');
    table.string('approver', REF).notNullable();
    table.string('decision', 32).notNullable();
    table.text('comment').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['change_id', 'approver'], {
      indexName: 'vs_change_approvals_change_approver_uq',
    });
    table.index(['approver', 'change_id'], 'vs_change_approvals_approver_idx');
  });

  await knex.schema.createTable('vs_releases', table => {
    table.comment('Releases of configuration items');
    recordColumns(table, 'vs_releases');
    table.string('release_version', 255).notNullable();
    table.text('title').notNullable();
    table.string('git_tag', 255).nullable();
    table.string('git_sha', 64).nullable();
    table.text('url').nullable();
    table.string('external_id', 255).nullable();
    table.index(['external_id'], 'vs_releases_external_id_idx');
  });

  await knex.schema.createTable('vs_release_changes', table => {
    table.comment('Changes bundled in releases');
    table
      .uuid('release_id')
      .notNullable()
      .references('id')
      .inTable('vs_releases')
      .onDelete('CASCADE');
    table
      .uuid('change_id')
      .notNullable()
      .references('id')
      .inTable('vs_changes')
      .onDelete('CASCADE');
    table.primary(['release_id', 'change_id'], 'vs_release_changes_pk');
    table.index(['change_id'], 'vs_release_changes_change_idx');
  });

  await knex.schema.createTable('vs_deployments', table => {
    table.comment('Deployments of configuration items to environments');
    recordColumns(table, 'vs_deployments');
    table.string('environment', 100).notNullable();
    table.boolean('production').notNullable().defaultTo(false);
    table.string('deployed_version', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table
      .uuid('release_id')
      .nullable()
      .references('id')
      .inTable('vs_releases')
      .onDelete('SET NULL');
    table
      .uuid('change_id')
      .nullable()
      .references('id')
      .inTable('vs_changes')
      .onDelete('SET NULL');
    table.string('git_sha', 64).nullable();
    table.text('url').nullable();
    table.string('external_id', 255).nullable();
    // Latest deployment per entity and environment.
    table.index(
      ['entity_ref', 'environment', 'created_at'],
      'vs_deployments_entity_env_created_idx',
    );
    // Latest successful production deployment per entity.
    table.index(
      ['entity_ref', 'production', 'state', 'created_at'],
      'vs_deployments_entity_prod_idx',
    );
    table.index(['release_id'], 'vs_deployments_release_idx');
    table.index(['change_id'], 'vs_deployments_change_idx');
    table.index(['external_id'], 'vs_deployments_external_id_idx');
  });

  await knex.schema.createTable('vs_incidents', table => {
    table.comment('Incidents and service requests of configuration items');
    recordColumns(table, 'vs_incidents');
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.string('impact', 16).notNullable();
    table.string('urgency', 16).notNullable();
    table.string('priority', 8).notNullable();
    table.boolean('major').notNullable().defaultTo(false);
    table.string('reporter', REF).notNullable();
    table.string('contact_channel', 255).nullable();
    table.string('assignee', REF).nullable();
    table.boolean('waiting_on_reporter').notNullable().defaultTo(false);
    table
      .uuid('caused_by_change_id')
      .nullable()
      .references('id')
      .inTable('vs_changes')
      .onDelete('SET NULL');
    table.uuid('problem_id').nullable();
    table.text('knowledge_links').notNullable().comment('JSON string[]');
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.text('resolution_note').nullable();
    table.timestamp('response_due_at', { useTz: true }).nullable();
    table.timestamp('resolution_due_at', { useTz: true }).nullable();
    table.timestamp('responded_at', { useTz: true }).nullable();
    table.timestamp('paused_at', { useTz: true }).nullable();
    table.bigInteger('paused_ms').notNullable().defaultTo(0);
    table.boolean('response_breached').notNullable().defaultTo(false);
    table.boolean('resolution_breached').notNullable().defaultTo(false);
    table
      .timestamp('sla_next_due_at', { useTz: true })
      .nullable()
      .comment(
        'earliest unflagged due time while open and not paused, else null',
      );
    table.string('source', 32).nullable();
    table.string('external_id', 255).nullable();
    table.text('external_url').nullable();
    // The SLA breach check: a range scan over the next due times.
    table.index(['sla_next_due_at'], 'vs_incidents_sla_due_idx');
    table.index(['problem_id'], 'vs_incidents_problem_idx');
    table.index(['caused_by_change_id'], 'vs_incidents_caused_by_idx');
    table.index(['external_id'], 'vs_incidents_external_id_idx');
  });

  await knex.schema.createTable('vs_problems', table => {
    table.comment('Problems and known errors of configuration items');
    recordColumns(table, 'vs_problems');
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.text('root_cause').nullable();
    table.text('workaround').nullable();
  });

  await knex.schema.createTable('vs_problem_incidents', table => {
    table.comment('Incidents linked to problems');
    table
      .uuid('problem_id')
      .notNullable()
      .references('id')
      .inTable('vs_problems')
      .onDelete('CASCADE');
    table
      .uuid('incident_id')
      .notNullable()
      .references('id')
      .inTable('vs_incidents')
      .onDelete('CASCADE');
    table.primary(['problem_id', 'incident_id'], 'vs_problem_incidents_pk');
    table.index(['incident_id'], 'vs_problem_incidents_incident_idx');
  });

  await knex.schema.createTable('vs_service_levels', table => {
    table.comment('Service levels (SLAs) of configuration items');
    recordColumns(table, 'vs_service_levels');
    table.string('name', 255).notNullable();
    table.string('tier', 100).nullable();
    table.double('availability_target').notNullable();
    table
      .text('targets')
      .notNullable()
      .comment('JSON Record<Priority, target>');
    table.text('slos').notNullable().comment('JSON Slo[]');
    table.string('agreed_by', REF).nullable();
    table.timestamp('agreed_at', { useTz: true }).nullable();
    table.boolean('from_annotation').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('vs_events', table => {
    table.comment('Monitoring events, deduplicated by source and fingerprint');
    table.uuid('id').primary().notNullable();
    table.string('entity_ref', REF).nullable().comment('null while unmatched');
    table.string('source', 32).notNullable();
    table.string('fingerprint', 255).notNullable();
    table.string('severity', 32).notNullable();
    table.string('status', 16).notNullable();
    table.text('summary').notNullable();
    table.text('labels').notNullable().comment('JSON Record<string, string>');
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).nullable();
    table.uuid('incident_id').nullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('first received');
    table.unique(['source', 'fingerprint', 'starts_at'], {
      indexName: 'vs_events_source_fingerprint_starts_uq',
    });
    table.index(['entity_ref', 'created_at', 'id'], 'vs_events_entity_idx');
    table.index(['created_at', 'id'], 'vs_events_created_idx');
    table.index(['created_at', 'id'], 'vs_events_unmatched_idx', {
      predicate: knex.whereNull('entity_ref'),
    });
    table.index(['incident_id'], 'vs_events_incident_idx');
  });

  await knex.schema.createTable('vs_record_history', table => {
    table.comment('Append-only state transitions of practice records');
    table.bigIncrements('id').primary();
    table.string('record_type', 32).notNullable();
    table.uuid('record_id').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', REF).notNullable();
    table.string('from_state', 32).nullable();
    table.string('to_state', 32).notNullable();
    table.text('note').nullable();
    table.index(
      ['record_type', 'record_id', 'id'],
      'vs_record_history_record_idx',
    );
  });

  await knex.schema.createTable('vs_entity_stage', table => {
    table.comment('The current computed value stream stage of each entity');
    table.string('entity_ref', REF).primary().notNullable();
    table.string('stage', 16).notNullable();
    table.timestamp('since', { useTz: true }).notNullable();
    table.timestamp('computed_at', { useTz: true }).notNullable();
    table.integer('gaps').notNullable().defaultTo(0);
    table.index(['stage', 'entity_ref'], 'vs_entity_stage_stage_idx');
  });

  await knex.schema.createTable('vs_stage_history', table => {
    table.comment('Append-only stage transitions of entities');
    table.bigIncrements('id').primary();
    table.string('entity_ref', REF).notNullable();
    table.string('from_stage', 16).nullable();
    table.string('to_stage', 16).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'at', 'to_stage'], {
      indexName: 'vs_stage_history_entity_at_uq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vs_stage_history');
  await knex.schema.dropTable('vs_entity_stage');
  await knex.schema.dropTable('vs_record_history');
  await knex.schema.dropTable('vs_events');
  await knex.schema.dropTable('vs_service_levels');
  await knex.schema.dropTable('vs_problem_incidents');
  await knex.schema.dropTable('vs_problems');
  await knex.schema.dropTable('vs_incidents');
  await knex.schema.dropTable('vs_deployments');
  await knex.schema.dropTable('vs_release_changes');
  await knex.schema.dropTable('vs_releases');
  await knex.schema.dropTable('vs_change_approvals');
  await knex.schema.dropTable('vs_changes');
};
