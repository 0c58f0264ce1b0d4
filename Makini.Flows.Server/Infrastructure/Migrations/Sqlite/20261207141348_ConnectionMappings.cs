using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConnectionMappings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connection_mappings",
                columns: table => new
                {
                    id = table
                        .Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    connection_id = table.Column<string>(
                        type: "TEXT",
                        maxLength: 32,
                        nullable: false
                    ),
                    entity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    document = table.Column<string>(type: "TEXT", nullable: true),
                    author = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    saved_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    error_reported_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_connection_mappings", x => x.id);
                    table.ForeignKey(
                        name: "FK_connection_mappings_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade
                    );
                }
            );

            migrationBuilder.CreateIndex(
                name: "ux_connection_mappings_version",
                table: "connection_mappings",
                columns: new[] { "connection_id", "entity", "version" },
                unique: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "connection_mappings");
        }
    }
}
