using System.Text.Json;
using Makini.Flows.Activities;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Server.Cli;

/// <summary><c>activities</c>: the descriptors the designer's toolbox is built from.</summary>
public static class ActivitiesCommand
{
    public static int Run(TextWriter output)
    {
        var descriptors = new FlowEngine(MakiniActivities.CreateRegistry())
            .Registry.Descriptors.OrderBy(d => d.Category)
            .ThenBy(d => d.Type);
        output.WriteLine(JsonSerializer.Serialize(descriptors, FlowJson.Options));
        return CliCommands.Ok;
    }
}
