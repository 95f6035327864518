using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Http;

namespace Brook.Rest.Server;

/// <summary>
/// Keeps web pages of other sites away from the cluster (a deliberate difference from Flink, whose REST API
/// answers any origin): a request must name this server in its Host header, so a DNS-rebound name cannot reach
/// it; a request that changes state (POST, PATCH, PUT, DELETE) from a web page must come from the server's own
/// origin or an origin in web.access-control-allow-origin; and Access-Control-Allow-Origin names only an allowed
/// origin, so other pages cannot read answers either. Clients that send no Origin (curl, the CLI, Brook.Client)
/// are not affected.
/// </summary>
internal sealed class RequestOriginPolicy
{
    private const string Any = "*";

    private readonly bool _anyOrigin;
    private readonly HashSet<string> _origins = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _singleOrigin;
    private readonly bool _anyHost;
    private readonly HashSet<string> _hostNames = new(StringComparer.OrdinalIgnoreCase) { "localhost" };
    private readonly HashSet<IPAddress> _hostAddresses = [];

    public RequestOriginPolicy(RestServerOptions options)
    {
        var origins = Split(options.AccessControlAllowOrigin);
        _anyOrigin = origins.Contains(Any);
        foreach (var origin in origins.Where(o => o != Any)) _origins.Add(NormalizeOrigin(origin) ?? origin);
        // As Flink, a single configured origin is sent on every answer; with several, the one that asked is named.
        if (!_anyOrigin && _origins.Count == 1) _singleOrigin = _origins.First();

        var hosts = options.AllowedHosts;
        _anyHost = hosts.Contains(Any);
        foreach (var host in hosts.Concat([options.BindAddress, options.AdvertisedAddress]).Where(h => h != Any)) AddHost(host);
        if (IsWildcard(options.BindAddress))
        {
            // A wildcard bind answers on every address of the machine, under its own names too.
            AddHost(Dns.GetHostName());
            var properties = IPGlobalProperties.GetIPGlobalProperties();
            if (!string.IsNullOrEmpty(properties.DomainName)) AddHost($"{properties.HostName}.{properties.DomainName}");
            foreach (var address in LocalAddresses()) _hostAddresses.Add(address);
        }
    }

    /// <summary>The value of web.access-control-allow-origin or rest.allowed-hosts as a list.</summary>
    public static IReadOnlyList<string> Split(string? value) =>
        value is null ? [] : value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Null when the Host header names this server (or there is none, as in HTTP/1.0); else the refusal.</summary>
    public string? CheckHost(HttpRequest request)
    {
        if (_anyHost || !request.Host.HasValue) return null;
        var host = request.Host.Host.Trim('[', ']').TrimEnd('.');
        if (_hostNames.Contains(host)) return null;
        if (IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || _hostAddresses.Contains(Unmapped(ip)))) return null;
        return $"Request refused: the Host header '{request.Host.Value}' does not name this server. " +
               "Name it by one of its addresses, or allow the name with [rest.allowed-hosts].";
    }

    /// <summary>Null when a request with this method may proceed from its Origin; else the refusal.</summary>
    public string? CheckOrigin(HttpRequest request)
    {
        if (!ChangesState(request.Method) || _anyOrigin) return null;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsAllowed(origin, request)) return null;
        return $"Cross-origin request refused: a page from {origin} may not {request.Method} on this server. " +
               "Allow its origin with [web.access-control-allow-origin].";
    }

    /// <summary>The Access-Control-Allow-Origin of the answer, or null to send none.</summary>
    public string? AllowOriginHeader(HttpRequest request, out bool variesByOrigin)
    {
        variesByOrigin = false;
        if (_anyOrigin) return Any;
        if (_singleOrigin is not null) return _singleOrigin;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || !IsAllowed(origin, request)) return null;
        variesByOrigin = true;
        return origin;
    }

    private static bool ChangesState(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    private bool IsAllowed(string origin, HttpRequest request)
    {
        var normalized = NormalizeOrigin(origin);
        if (normalized is null) return false;
        if (_origins.Contains(normalized)) return true;
        // The server's own origin: the page was served by the host and port this request is addressed to.
        var uri = new Uri(normalized);
        var host = request.Host;
        return host.HasValue && string.Equals(uri.Host.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
               && (host.Port ?? (request.IsHttps ? 443 : 80)) == uri.Port;
    }

    /// <summary>scheme://host[:port] in lower case without a default port, or null for "null" and other non-URL origins.</summary>
    private static string? NormalizeOrigin(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;

    private void AddHost(string host)
    {
        var name = host.Trim().Trim('[', ']').TrimEnd('.');
        if (IPAddress.TryParse(name, out var ip))
        {
            if (!IsWildcard(name)) _hostAddresses.Add(Unmapped(ip));
        }
        else if (name.Length > 0)
        {
            _hostNames.Add(name);
        }
    }

    private static bool IsWildcard(string address) => address is "0.0.0.0" or "::" or "[::]" or "*";

    private static IPAddress Unmapped(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                // A Host header carries no IPv6 zone, so link-local addresses are compared without theirs.
                .Select(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? new IPAddress(a.Address.GetAddressBytes()) : a.Address)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
