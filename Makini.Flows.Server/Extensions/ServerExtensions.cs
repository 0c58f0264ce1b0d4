using Makini.Flows.Activities;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Secrets;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Apis;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Demo;
using Makini.Flows.Server.Events;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Hooks;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Mappings;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Records;
using Makini.Flows.Server.Runs;
using Makini.Flows.Server.Schedules;
using Makini.Flows.Server.Secrets;
using Makini.Flows.Server.Startup;
using Makini.Flows.Server.Sync;
using Makini.Flows.Server.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Scalar.AspNetCore;

namespace Makini.Flows.Server.Extensions;

/// <summary>All of the server's dependency-injection wiring and its endpoint map, in one place.</summary>
public static class ServerExtensions
{
    public static WebApplicationBuilder AddMakiniServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var database =
            builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()
            ?? new DatabaseOptions();
        AddDatabase(services, database);

        services.AddSingleton(TimeProvider.System);
        services.AddMakiniOutbound(builder.Configuration, builder.Environment.IsDevelopment());
        services.AddSingleton<PublishedFlows>();
        var cSharpLimits =
            builder.Configuration.GetSection("Scripts:CSharp").Get<CSharpLimits>()
            ?? new CSharpLimits();
        services.AddSingleton(provider => new FlowEngine(
            MakiniActivities.CreateRegistry(),
            options: new FlowEngineOptions
            {
                CSharpLimits = cSharpLimits,
                Flows = provider.GetRequiredService<PublishedFlows>(),
                Observer = provider.GetRequiredService<RunEvents>(),
                Services = provider,
            }
        ));
        services.AddSingleton<RunEvents>();
        services.AddSingleton<HookRoutes>();
        services.Configure<QueueOptions>(builder.Configuration.GetSection(QueueOptions.Section));
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<WorkOutcomes>();
        services.AddSingleton<HeldWork>();
        services.AddSingleton<WorkClaimLoop>();
        services.AddHostedService<WorkQueueWorker>();
        services.AddHostedService<WorkBatchWorker>();
        services.AddPeriodicSweep<QueueRetention>();
        services.AddHostedService<QueueMetrics>();
        services.AddWorkHandler<RunWorkHandler>(WorkKinds.Run);
        services.AddWorkHandler<ResumeWork>(WorkKinds.Resume);
        services.AddWorkHandler<EventWorkHandler>(WorkKinds.Event);
        services.AddSingleton<EventBus>();
        services.Configure<EventOptions>(builder.Configuration.GetSection(EventOptions.Section));
        services.AddPeriodicSweep<EventRetention>();
        AddEventSubscriptions(services, database);
        services.AddSingleton<RunOutcomeEvents>();
        services.AddScoped<TriggeredRuns>();
        services.AddSingleton<FlowTriggers>();
        AddSchedules(services);
        services.AddMakiniSecrets(
            builder.Configuration,
            database,
            database.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
        );
        services.AddMakiniWebhooks(builder.Configuration);
        services.AddMakiniConnections(builder.Configuration);
        services.AddMakiniSync(builder.Configuration);
        services.AddMakiniMappings();
        services.AddMakiniRecords(builder.Configuration);
        services.AddPeriodicSweep<RunRetention>();
        services.AddScoped<FlowPublisher>();
        services.AddScoped<RunService>();
        services.AddSingleton<FinishedRunWriter>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHostedService(provider => provider.GetRequiredService<FinishedRunWriter>());
        services.AddScoped<ApiKeyStore>();
        services.AddHostedService<ScriptWarmUp>();
        services.AddDemoCmms(builder.Configuration);

        services.AddProblemDetails();
        services.AddExceptionHandler<ExpectedRequestFailures>();
        // A parameter that does not bind throws, so that its 400 can say which parameter (ExpectedRequestFailures).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services
            .AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName,
                null
            );
        services
            .AddAuthorizationBuilder()
            // Admin keys only wherever a route names no policy: a runner key reaches only the routes that name
            // RunnerPolicy, a connection token only those that name ConnectionReaderPolicy.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.Admin).Build())
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Roles.RunnerPolicy, policy => policy.RequireRole(Roles.Admin, Roles.Runner))
            .AddPolicy(
                Roles.ConnectionReaderPolicy,
                policy =>
                    policy
                        .RequireRole(Roles.Admin, Roles.Connection)
                        .AddRequirements(new ConnectionReaderRequirement())
            );
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiKeySecurityScheme>();
            options.AddOperationTransformer<OperationResponses>();
            options.AddDocumentTransformer<OperationResponses>();
        });
        builder.AddTelemetry();
        builder.AddDesigner();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue(
                "Server:MaxRequestBodyBytes",
                10L * 1024 * 1024
            )
        );
        return builder;
    }

    /// <summary>
    /// What activities that call out use: the SSRF-guarded HTTP client with the operator's <c>Outbound</c> settings
    /// (checked here, so a server with a setting that would allow every address does not start outside Development)
    /// and the secrets held in configuration.
    /// </summary>
    public static IServiceCollection AddMakiniOutbound(
        this IServiceCollection services,
        IConfiguration configuration,
        bool isDevelopment
    )
    {
        var outbound =
            configuration.GetSection(OutboundOptions.Section).Get<OutboundOptions>()
            ?? new OutboundOptions();
        outbound.EnsureValid(isDevelopment);
        services.AddSingleton(outbound);
        services.AddSingleton(_ => new OutboundHttp(outbound));
        services.AddSingleton<ISecretResolver>(new ConfigurationSecretResolver(configuration));
        return services;
    }

    /// <summary>
    /// ScheduleTriggers: one durable queue item per published schedule, due at its next fire and fired in batches
    /// by whichever node claims it (<see cref="ScheduleFireHandler"/>), on SQLite and PostgreSQL alike.
    /// </summary>
    private static void AddSchedules(IServiceCollection services)
    {
        services.AddScoped<PublishedSchedules>();
        services.AddScoped<ScheduleFirer>();
        services.AddWorkBatchHandler<ScheduleFireHandler>(
            WorkKinds.ScheduleFire,
            ScheduleFireHandler.ClaimAhead,
            ScheduleFireHandler.Batches
        );
        services.AddWorkHandler<ScheduleTurnHandler>(WorkKinds.ScheduleTurn);
        services.AddSingleton<ScheduleReconciler>();
        services.AddSingleton<ScheduleSync>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleSync>());
    }

    /// <summary>
    /// On PostgreSQL other nodes change subscriptions too: they are heard of through the database's notifications
    /// (<see cref="SubscriptionChangeListener"/>).
    /// </summary>
    private static void AddEventSubscriptions(IServiceCollection services, DatabaseOptions database)
    {
        var shared = database.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        services.AddSingleton(provider => new EventSubscriptions(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<TimeProvider>()
        )
        {
            SharedDatabase = shared,
        });
        if (shared)
            services.AddHostedService(provider =>
                ActivatorUtilities.CreateInstance<SubscriptionChangeListener>(
                    provider,
                    database.ConnectionString!
                )
            );
    }

    private static long MaxRequestBodyBytes(IConfiguration configuration) =>
        configuration.GetValue("Server:MaxRequestBodyBytes", 10L * 1024 * 1024);

    /// <summary>
    /// A failed command or save is logged where it is handled, not by EF Core as an error first: most are expected
    /// conflicts (an Idempotency-Key or webhook-id seen before, a lost race for a unique row) that are answered
    /// as such; one that is not handled reaches the exception handler or the queue, which log it whole.
    /// </summary>
    private static void HandledWhereCaught(WarningsConfigurationBuilder warnings) =>
        warnings.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)
        );

    private static void AddDatabase(IServiceCollection services, DatabaseOptions database)
    {
        if (database.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            services.AddDbContextPool<PostgresFlowsDbContext>(options =>
                options.UseNpgsql(database.ConnectionString).ConfigureWarnings(HandledWhereCaught)
            );
            services.AddScoped<FlowsDbContext>(provider =>
                provider.GetRequiredService<PostgresFlowsDbContext>()
            );
            services.AddSingleton<IRunLock>(new PostgresRunLock(database.ConnectionString!));
            services.AddSingleton<IFlowConcurrency>(
                new PostgresFlowConcurrency(database.ConnectionString!)
            );
            return;
        }
        if (!database.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Database:Provider '{database.Provider}' is unknown: use Sqlite or Postgres"
            );
        var connection = database.ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            OwnerOnly.Folder(database.DataFolder);
            OwnerOnly.Files(database.DataFolder, "makini.db*");
            connection = $"Data Source={Path.Combine(database.DataFolder, "makini.db")}";
        }
        var durability = new SqliteDurability();
        services.AddDbContextPool<SqliteFlowsDbContext>(options =>
            options
                .UseSqlite(connection)
                .AddInterceptors(durability)
                .ConfigureWarnings(HandledWhereCaught)
        );
        services.AddScoped<FlowsDbContext>(provider =>
            provider.GetRequiredService<SqliteFlowsDbContext>()
        );
        services.AddSingleton<IRunLock, LocalRunLock>();
        services.AddSingleton<IFlowConcurrency, LocalFlowConcurrency>();
    }

    public static WebApplication MapMakiniServer(this WebApplication app)
    {
        app.UseMiddleware<NoSniff>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimit>(MaxRequestBodyBytes(app.Configuration));
        app.MapDemoCmms();
        app.UseDesignerFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health", new() { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymous();
        app.MapOpenApi("/api/openapi.json").AllowAnonymous();
        app.MapScalarApiReference(
                "/api/docs",
                options => options.WithOpenApiRoutePattern("/api/openapi.json")
            )
            .AllowAnonymous();

        app.MapFlowsApi();
        app.MapImportApi();
        app.MapRunsApi();
        app.MapCatalogApi();
        app.MapKeysApi();
        app.MapQueueApi();
        app.MapHooksApi();
        app.MapEventsApi();
        app.MapEventsBusApi();
        app.MapWebhooksApi();
        app.MapConnectionWebhooksApi();
        app.MapConnectorsApi();
        app.MapConnectionsApi();
        app.MapSyncApi();
        app.MapRecordsApi();
        app.MapMappingsApi();
        app.MapValidateApi();
        app.MapDesignerFallback();
        return app;
    }
}
