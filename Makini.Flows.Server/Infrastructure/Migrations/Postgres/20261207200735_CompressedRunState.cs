using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CompressedRunState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "StateJson",
                table: "runs",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text"
            );

            migrationBuilder.AddColumn<byte[]>(
                name: "State",
                table: "runs",
                type: "bytea",
                nullable: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "State", table: "runs");

            migrationBuilder.AlterColumn<string>(
                name: "StateJson",
                table: "runs",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true
            );
        }
    }
}
