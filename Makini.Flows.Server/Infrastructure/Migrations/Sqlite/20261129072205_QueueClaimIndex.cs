using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueClaimIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_work_items_Status_AvailableAt",
                table: "work_items"
            );

            migrationBuilder.CreateIndex(
                name: "IX_work_items_Status_Kind_AvailableAt",
                table: "work_items",
                columns: new[] { "Status", "Kind", "AvailableAt" }
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_work_items_Status_Kind_AvailableAt",
                table: "work_items"
            );

            migrationBuilder.CreateIndex(
                name: "IX_work_items_Status_AvailableAt",
                table: "work_items",
                columns: new[] { "Status", "AvailableAt" }
            );
        }
    }
}
