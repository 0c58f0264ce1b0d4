using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TriggersAndEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Trigger",
                table: "runs",
                type: "TEXT",
                maxLength: 200,
                nullable: true
            );

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConnectionId = table.Column<string>(
                        type: "TEXT",
                        maxLength: 64,
                        nullable: true
                    ),
                    DataJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.Id);
                }
            );

            migrationBuilder.CreateIndex(name: "IX_runs_Trigger", table: "runs", column: "Trigger");

            migrationBuilder.CreateIndex(
                name: "IX_events_Type_CreatedAt",
                table: "events",
                columns: new[] { "Type", "CreatedAt" }
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "events");

            migrationBuilder.DropIndex(name: "IX_runs_Trigger", table: "runs");

            migrationBuilder.DropColumn(name: "Trigger", table: "runs");
        }
    }
}
