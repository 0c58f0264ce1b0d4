using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Records : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    id = table
                        .Column<long>(type: "bigint", nullable: false)
                        .Annotation(
                            "Npgsql:ValueGenerationStrategy",
                            NpgsqlValueGenerationStrategy.IdentityByDefaultColumn
                        ),
                    connection_id = table.Column<string>(
                        type: "character varying(32)",
                        maxLength: 32,
                        nullable: false
                    ),
                    entity = table.Column<string>(
                        type: "character varying(32)",
                        maxLength: 32,
                        nullable: false
                    ),
                    source_key = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    raw = table.Column<string>(type: "jsonb", nullable: false),
                    hash = table.Column<string>(
                        type: "character varying(64)",
                        maxLength: 64,
                        nullable: false
                    ),
                    updated_at = table.Column<DateTime>(
                        type: "timestamp with time zone",
                        nullable: true
                    ),
                    status_key = table.Column<string>(type: "text", nullable: true),
                    first_seen = table.Column<DateTime>(
                        type: "timestamp with time zone",
                        nullable: false
                    ),
                    last_seen = table.Column<DateTime>(
                        type: "timestamp with time zone",
                        nullable: false
                    ),
                    deleted_at = table.Column<DateTime>(
                        type: "timestamp with time zone",
                        nullable: true
                    ),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
                    table.ForeignKey(
                        name: "FK_records_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade
                    );
                }
            );

            migrationBuilder
                .CreateIndex(
                    name: "ix_records_data",
                    table: "records",
                    column: "data",
                    filter: "deleted_at IS NULL"
                )
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_records_key",
                table: "records",
                columns: new[] { "connection_id", "entity", "key" },
                filter: "deleted_at IS NULL"
            );

            migrationBuilder.CreateIndex(
                name: "ix_records_status_key",
                table: "records",
                columns: new[] { "connection_id", "entity", "status_key", "updated_at", "id" },
                filter: "deleted_at IS NULL"
            );

            migrationBuilder.CreateIndex(
                name: "ix_records_updated_at",
                table: "records",
                columns: new[] { "connection_id", "entity", "updated_at", "id" },
                filter: "deleted_at IS NULL"
            );

            migrationBuilder.CreateIndex(
                name: "ux_records_source_key",
                table: "records",
                columns: new[] { "connection_id", "entity", "source_key" },
                unique: true
            );

            // Datetime filters and sorts on unified fields kept in jsonb (RecordSql): a value that is not a date
            // counts as missing instead of failing the query; a value without a zone is read as UTC, as on SQLite.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION makini_try_timestamptz(value text) RETURNS timestamptz
                LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
                BEGIN
                    IF value IS NULL OR value !~ '^\d{4}-\d{2}-\d{2}' THEN
                        RETURN NULL;
                    END IF;
                    IF value ~ '\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$' THEN
                        RETURN value::timestamptz;
                    END IF;
                    RETURN value::timestamp AT TIME ZONE 'UTC';
                EXCEPTION WHEN others THEN
                    RETURN NULL;
                END
                $$;
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION makini_try_timestamptz(text);");
            migrationBuilder.DropTable(name: "records");
        }
    }
}
