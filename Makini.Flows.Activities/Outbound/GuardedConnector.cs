using System.Net;
using System.Net.Sockets;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> that enforces the SSRF policy at connect time: it resolves
/// the host itself, checks every address, and connects only to an allowed one. Because the address checked is the
/// address connected to, a DNS answer that changes between a check and the connection (DNS rebinding) cannot slip
/// through.
/// </summary>
public sealed class GuardedConnector(AddressGuard guard)
{
    public async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context,
        CancellationToken cancellationToken
    )
    {
        var host = context.DnsEndPoint.Host;
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(bare, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(bare, cancellationToken);

        var refusals = new List<string>();
        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            if (guard.Refusal(address) is { } reason)
            {
                refusals.Add($"{address} is {reason}");
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
            };
            try
            {
                await socket.ConnectAsync(
                    new IPEndPoint(address, context.DnsEndPoint.Port),
                    cancellationToken
                );
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastFailure = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (lastFailure is not null)
            throw lastFailure;
        if (refusals.Count == 0)
            throw new SocketException((int)SocketError.HostNotFound);
        throw new OutboundConnectionRefusedException(bare, refusals);
    }
}
