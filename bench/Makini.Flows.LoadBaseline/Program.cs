using Makini.Flows.LoadBaseline;

// The hand-written endpoints the load benchmark compares flows with, persisting nothing:
// - POST /map: the mapping of 50 work orders (6 fields and one computed), written as a performance-minded engineer
//   would: typed records, System.Text.Json's source generator, no intermediate tree;
// - POST /map-node: the same mapping through JsonNode (the benchmark's earlier reference, kept for comparison);
// - POST /webhook: the body sent on as a signed webhook (Standard Webhooks headers) to RECEIVER_URL with WEBHOOK_SECRET, then answered;
// - POST /receive: the webhook receiver, answering 204.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default)
);
builder.Services.AddSingleton(
    new SignedWebhookSender(
        builder.Configuration["RECEIVER_URL"],
        builder.Configuration["WEBHOOK_SECRET"]
    )
);
var app = builder.Build();

app.MapPost("/map", (WorkOrderBatch batch) => TypedMapping.Map(batch));
app.MapPost("/map-node", NodeMapping.MapAsync);
app.MapPost(
    "/webhook",
    async (HttpRequest request, SignedWebhookSender sender, CancellationToken cancellationToken) =>
        await sender.ForwardAsync(request, cancellationToken)
);
app.MapPost("/receive", () => Results.NoContent());
app.Run();
