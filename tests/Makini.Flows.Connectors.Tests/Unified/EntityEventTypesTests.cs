using System.Reflection;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Connectors.Tests.Unified;

public sealed class EntityEventTypesTests
{
    [Fact]
    public void An_event_trigger_can_start_on_every_record_change_of_every_unified_entity()
    {
        var options = typeof(EventTrigger)
            .GetProperty(nameof(EventTrigger.EventType))!
            .GetCustomAttribute<InputAttribute>()!
            .Options!;
        var expected = UnifiedModel.Entities.SelectMany(e =>
            new[] { "inserted", "updated", "deleted" }.Select(kind => $"{e.EventName}.{kind}")
        );

        options
            .Where(o =>
                o.Contains('.')
                && !o.StartsWith("flow.")
                && !o.StartsWith("sync.")
                && !o.StartsWith("connection.")
                && !o.StartsWith("system.")
            )
            .ShouldBe(expected, ignoreOrder: true);
    }
}
