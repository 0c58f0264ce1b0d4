using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// The addresses of this machine: every interface's, and those its host name resolves to. A call to one of them
/// reaches the server's own host (any service listening on all interfaces), whatever range it is in. Read again
/// when the interfaces change.
/// </summary>
public static class OwnAddresses
{
    private static volatile HashSet<IPAddress>? _current;

    static OwnAddresses()
    {
        NetworkChange.NetworkAddressChanged += (_, _) => _current = null;
    }

    public static bool Contains(IPAddress address)
    {
        var own = _current ??= Read();
        return own.Contains(WithoutScope(address))
            || (address.IsIPv4MappedToIPv6 && own.Contains(address.MapToIPv4()));
    }

    private static HashSet<IPAddress> Read()
    {
        var addresses = new HashSet<IPAddress>();
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                addresses.Add(WithoutScope(unicast.Address));
        }
        catch (NetworkInformationException) { }
        try
        {
            foreach (var address in Dns.GetHostAddresses(Dns.GetHostName()))
                addresses.Add(WithoutScope(address));
        }
        catch (SocketException) { }
        return addresses;
    }

    // Link-local IPv6 addresses carry their interface as a scope id; a connection's address may not.
    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
}
