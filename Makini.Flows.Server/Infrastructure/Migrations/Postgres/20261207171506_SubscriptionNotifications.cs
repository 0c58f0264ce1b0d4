using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Makini.Flows.Server.Infrastructure.Migrations.Postgres
{
    /// <summary>
    /// A change to what listens for events (a webhook endpoint added, deleted, enabled, disabled or given other event
    /// types; a flow published, unpublished or deleted) sends <c>NOTIFY makini_subscriptions</c> in the transaction
    /// that makes it, delivered to every node when it commits (<c>Bus.SubscriptionChangeListener</c>).
    /// </summary>
    public partial class SubscriptionNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION makini_notify_subscriptions() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('makini_subscriptions', TG_TABLE_NAME);
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER webhook_endpoints_notify_subscriptions
                    AFTER INSERT OR DELETE OR UPDATE OF "EventTypes", "Enabled" ON webhook_endpoints
                    FOR EACH STATEMENT EXECUTE FUNCTION makini_notify_subscriptions();

                CREATE TRIGGER flows_notify_subscriptions
                    AFTER INSERT OR DELETE OR UPDATE OF "PublishedVersion" ON flows
                    FOR EACH STATEMENT EXECUTE FUNCTION makini_notify_subscriptions();
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER flows_notify_subscriptions ON flows;
                DROP TRIGGER webhook_endpoints_notify_subscriptions ON webhook_endpoints;
                DROP FUNCTION makini_notify_subscriptions();
                """
            );
        }
    }
}
