using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_counts",
                columns: table => new
                {
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
                    has_status = table.Column<bool>(type: "boolean", nullable: false),
                    status_key = table.Column<string>(type: "text", nullable: false),
                    live = table.Column<long>(type: "bigint", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey(
                        "PK_record_counts",
                        x => new
                        {
                            x.connection_id,
                            x.entity,
                            x.has_status,
                            x.status_key,
                        }
                    );
                    table.ForeignKey(
                        name: "FK_record_counts_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade
                    );
                }
            );

            // The records already stored (synced before the counts were kept) are counted once.
            migrationBuilder.Sql(
                """
                INSERT INTO record_counts (connection_id, entity, has_status, status_key, live)
                SELECT connection_id, entity, status_key IS NOT NULL, coalesce(status_key, ''), count(*)
                FROM records WHERE deleted_at IS NULL
                GROUP BY connection_id, entity, status_key IS NOT NULL, coalesce(status_key, '')
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "record_counts");
        }
    }
}
