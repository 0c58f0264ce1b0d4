using Makini.Flows.Server.Cli;
using Makini.Flows.Server.Extensions;
using Makini.Flows.Server.Startup;

if (CliCommands.IsCommand(args))
    return await CliCommands.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(
    new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
);
builder.AddMakiniServer();
DefaultAddress.Apply(builder);

var app = builder.Build();
app.MapMakiniServer();
await ServerInitializer.InitializeAsync(app);
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
