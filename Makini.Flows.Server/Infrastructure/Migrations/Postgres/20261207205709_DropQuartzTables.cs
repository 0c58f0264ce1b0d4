using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Postgres
{
    /// <summary>
    /// Schedules no longer run on Quartz.NET (each is a queue item now): its clustered store's tables, which Quartz
    /// created itself outside the migrations, are dropped where an earlier server left them. Down leaves them gone:
    /// an older server's Quartz creates them again when they are missing.
    /// </summary>
    public partial class DropQuartzTables : Migration
    {
        private static readonly string[] QuartzTables =
        [
            "qrtz_fired_triggers",
            "qrtz_paused_trigger_grps",
            "qrtz_scheduler_state",
            "qrtz_locks",
            "qrtz_simple_triggers",
            "qrtz_simprop_triggers",
            "qrtz_cron_triggers",
            "qrtz_blob_triggers",
            "qrtz_triggers",
            "qrtz_job_details",
            "qrtz_calendars",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in QuartzTables)
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table} CASCADE;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) { }
    }
}
