using Makini.Flows.Activities.Http;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities;

/// <summary>Makini's own activities, on top of the engine's built-ins.</summary>
public static class MakiniActivities
{
    public static ActivityRegistry AddMakiniActivities(this ActivityRegistry registry) =>
        registry
            .Register<HttpTrigger>()
            .Register<ScheduleTrigger>()
            .Register<EventTrigger>()
            .Register<HttpResponse>()
            .Register<HttpRequest>()
            .Register<SendWebhook>()
            .Register<Data.Sync>()
            .Register<Data.QueryRecords>()
            .Register<Data.Map>();

    /// <summary>The registry a Makini server and its CLI use: built-ins plus Makini's activities.</summary>
    public static ActivityRegistry CreateRegistry() =>
        ActivityRegistry.CreateWithBuiltIns().AddMakiniActivities();
}
