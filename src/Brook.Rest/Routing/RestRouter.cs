namespace Brook.Rest.Routing;

/// <summary>
/// Flink's router: one route list per verb, literals before <c>:params</c>, every route served under /v1 and
/// unversioned. No match for the verb is "not found" (Flink has no 405).
/// </summary>
public sealed class RestRouter
{
    public const string VersionPrefix = "v1";

    private readonly Dictionary<RestVerb, RestEndpoint[]> _routes;

    public RestRouter(IEnumerable<RestEndpoint> endpoints)
    {
        var all = endpoints.ToList();
        var duplicate = all.GroupBy(e => (e.Spec.Verb, Key: string.Join('/', e.Spec.Segments.Select(s => s.StartsWith(':') ? ":" : s))))
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Duplicate REST route {duplicate.Key.Verb} {duplicate.First().Spec.PathTemplate}.");
        }
        _routes = all.GroupBy(e => e.Spec.Verb).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Spec.Segments, SegmentComparer.Instance).ToArray());
        Endpoints = all;
    }

    public IReadOnlyList<RestEndpoint> Endpoints { get; }

    /// <summary>Matches decoded path tokens; <c>/v1/...</c> and unversioned paths reach the same routes.</summary>
    public RouteMatch? Match(RestVerb verb, IReadOnlyList<string> tokens)
    {
        if (!_routes.TryGetValue(verb, out var routes)) return null;
        if (tokens.Count > 0 && tokens[0] == VersionPrefix && MatchIn(routes, tokens, 1) is { } versioned) return versioned;
        return MatchIn(routes, tokens, 0);
    }

    private static RouteMatch? MatchIn(RestEndpoint[] routes, IReadOnlyList<string> tokens, int start)
    {
        var count = tokens.Count - start;
        foreach (var route in routes)
        {
            var segments = route.Spec.Segments;
            if (segments.Count != count) continue;
            Dictionary<string, string>? parameters = null;
            var ok = true;
            for (var i = 0; i < count && ok; i++)
            {
                var segment = segments[i];
                var token = tokens[start + i];
                if (segment.StartsWith(':'))
                {
                    (parameters ??= new Dictionary<string, string>())[segment[1..]] = token;
                }
                else
                {
                    ok = string.Equals(segment, token, StringComparison.Ordinal);
                }
            }
            if (ok) return new RouteMatch(route, parameters ?? EmptyParameters);
        }
        return null;
    }

    private static readonly Dictionary<string, string> EmptyParameters = new();

    /// <summary>Flink's decodePathTokens: strip slashes at both ends, split on '/', URL-decode each token.</summary>
    public static IReadOnlyList<string> DecodePathTokens(string rawPath)
    {
        var path = rawPath.Trim('/');
        if (path.Length == 0) return [];
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Contains('%') || parts[i].Contains('+')) parts[i] = UrlDecoding.Decode(parts[i]);
        }
        return parts;
    }

    public static RestVerb? ParseVerb(string method) => method switch
    {
        "GET" => RestVerb.Get,
        "POST" => RestVerb.Post,
        "PUT" => RestVerb.Put,
        "PATCH" => RestVerb.Patch,
        "DELETE" => RestVerb.Delete,
        _ => null,
    };

    /// <summary>Flink's RestHandlerUrlComparator: case-insensitive, a parameter segment after any literal.</summary>
    private sealed class SegmentComparer : IComparer<IReadOnlyList<string>>
    {
        public static readonly SegmentComparer Instance = new();

        public int Compare(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            for (var i = 0; i < Math.Min(x!.Count, y!.Count); i++)
            {
                var xp = x[i].StartsWith(':');
                var yp = y[i].StartsWith(':');
                if (xp != yp) return xp ? 1 : -1;
                var c = string.Compare(x[i], y[i], StringComparison.OrdinalIgnoreCase);
                if (c != 0) return c;
            }
            return x.Count.CompareTo(y.Count);
        }
    }
}

/// <summary>A matched route with the raw (decoded, unparsed) values of its path parameters.</summary>
public sealed record RouteMatch(RestEndpoint Endpoint, IReadOnlyDictionary<string, string> PathParameters);
