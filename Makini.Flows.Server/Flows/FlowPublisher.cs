using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Flows;

/// <summary>Publishing: the flow's draft becomes the next numbered, immutable version.</summary>
public sealed class FlowPublisher(FlowsDbContext db, FlowEngine engine, TimeProvider time)
{
    public async Task<FlowVersionRecord> PublishAsync(
        FlowRecord record,
        FlowDefinition flow,
        CancellationToken ct
    )
    {
        var next =
            (
                await db
                    .FlowVersions.Where(v => v.FlowId == record.Id)
                    .MaxAsync(v => (int?)v.Version, ct)
                ?? 0
            ) + 1;
        var version = new FlowVersionRecord
        {
            FlowId = record.Id,
            Version = next,
            Json = FlowJson.Serialize(flow),
            Hash = engine.Prepare(flow).Hash,
            PublishedAt = time.GetUtcNow().UtcDateTime,
        };
        db.FlowVersions.Add(version);
        record.PublishedVersion = next;
        await db.SaveChangesAsync(ct);
        return version;
    }
}
