using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server;
using Makini.Flows.Server.Cli;

if (CliCommands.IsCommand(args))
    return await CliCommands.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(
    new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
);
builder.Services.AddSingleton(_ => new FlowEngine());
builder.Services.AddHostedService<ScriptWarmUp>();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health");
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
